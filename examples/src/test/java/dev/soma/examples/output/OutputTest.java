package dev.soma.examples.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class OutputTest {
  @Test
  void tableAlignsNumbersRightAndTextLeft() {
    List<String> lines =
        new Table("name", "value", "note")
            .row("a", "1.5", "short")
            .row("long name", "-12.25", "x")
            .lines();
    assertEquals(
        List.of(
            "  name        value  note",
            "  ---------  ------  -----",
            "  a             1.5  short",
            "  long name  -12.25  x"),
        lines);
  }

  @Test
  void numbersFormat() {
    assertEquals("0.000", Table.fixed(-1e-9, 3));
    assertEquals("-0.001", Table.fixed(-0.0012, 3));
    assertEquals("1.23e-04", Table.sci(1.234e-4));
  }

  @Test
  void progressPrintsOneLinePerQuarter() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress progress =
        new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "work", 10);
    for (int i = 1; i <= 10; i++) {
      progress.done(i);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length);
    assertTrue(lines[0].contains("work:  25 % (3/10"), lines[0]);
    assertTrue(lines[3].contains("100 % (10/10"), lines[3]);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).indexOf('\r') < 0);
  }

  @Test
  void reportWritesPlotsAndTheIndexListsThem(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report report =
        new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Plotter(dir, true));
    report.begin("1. A <test>");
    report.line("x & y");
    var chart = Charts.xy("title", "x", "y");
    Charts.line(chart, "line", new double[] {0, 1}, new double[] {0, 1});
    report.plot(chart, "t.png", "a caption");
    Path page = IndexPage.write(dir, report.sections());
    String html = Files.readString(page);
    assertTrue(html.contains("<h2 id=\"s1\">1. A &lt;test&gt;</h2>"), html);
    assertTrue(html.contains("x &amp; y"), html);
    if (report.sections().get(0).figures().isEmpty()) {
      // No fonts on this machine: the report must say what to install instead.
      assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(Plotter.FONT_HINT));
    } else {
      byte[] png = Files.readAllBytes(dir.resolve("t.png"));
      assertEquals((byte) 0x89, png[0]);
      assertEquals('P', png[1]);
      assertTrue(html.contains("<img src=\"t.png\" alt=\"a caption\">"), html);
    }
  }

  @Test
  void fontFailureTurnsPlottingOffAndSaysWhatToInstall(@TempDir Path dir) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report report =
        new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Plotter(dir, true));
    report.begin("fonts");
    // What the JDK throws on a machine without fontconfig, raised where text is measured.
    XYChart broken =
        new XYChart(100, 100) {
          @Override
          public void paint(Graphics2D g, int width, int height) {
            throw new InternalError(
                "Fontconfig head is null, check your fonts or fonts configuration");
          }
        };
    report.plot(broken, "a.png", "first");
    report.plot(Charts.xy("fine", "x", "y"), "b.png", "second");
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains(Plotter.FONT_HINT), text);
    assertEquals(1, text.split("no plots", -1).length - 1, "said once");
    assertTrue(report.sections().get(0).figures().isEmpty());
    assertTrue(Files.notExists(dir.resolve("b.png")), "plotting stays off after the failure");
  }
}
