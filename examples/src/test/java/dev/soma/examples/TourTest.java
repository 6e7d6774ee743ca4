package dev.soma.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.examples.sections.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TourTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void helpListsEverySection() throws Exception {
    assertEquals(0, Tour.run(new String[] {"--help"}, out));
    String help = bytes.toString(StandardCharsets.UTF_8);
    for (String name :
        new String[] {
          "neuron",
          "party",
          "activations",
          "collapse",
          "approximation",
          "depth",
          "landscapes",
          "saddles",
          "fashion",
          "layernorm"
        }) {
      assertTrue(help.contains("  " + name + " "), name);
    }
  }

  @Test
  void unknownSectionOrOptionFails() throws Exception {
    assertEquals(2, Tour.run(new String[] {"nosuch"}, out));
    assertEquals(2, Tour.run(new String[] {"--bogus"}, out));
    assertEquals(2, Tour.run(new String[] {"--target", "nosuch"}, out));
  }

  @Test
  void runsOneSectionAndWritesTheIndex(@TempDir Path dir) throws Exception {
    assertEquals(0, Tour.run(new String[] {"--out", dir.toString(), "--no-plots", "neuron"}, out));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("= (3.2, 2.4)"), text);
    assertTrue(Files.readString(dir.resolve("index.html")).contains("3.2, 2.4"));
  }

  @Test
  void optionsParse() {
    TourOptions options = TourOptions.parse("--target", "sqrt", "depth", "--no-plots");
    assertEquals(Target.SQRT, options.target());
    assertEquals(java.util.List.of("depth"), options.sections());
    assertEquals(false, options.plots());
  }
}
