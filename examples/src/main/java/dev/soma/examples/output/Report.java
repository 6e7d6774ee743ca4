package dev.soma.examples.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Where sections print and plot: the console (each line also kept for the index page) and the
 * output directory (PNG files through a {@link Plotter}).
 */
public final class Report {
  private final PrintStream console;
  private final Plotter plotter;
  private final List<SectionLog> sections = new ArrayList<>();
  private SectionLog current;
  private boolean toldPlotsOff;

  public Report(PrintStream console, Plotter plotter) {
    this.console = console;
    this.plotter = plotter;
  }

  /** Starts a section: prints its title as a heading. */
  public void begin(String title) {
    current = new SectionLog(title);
    sections.add(current);
    console.println();
    console.println("== " + title + " " + "=".repeat(Math.max(3, 76 - title.length())));
  }

  /** Prints a line of text. */
  public void line(String text) {
    console.println(text);
    log(text);
  }

  /** Prints a formatted line ({@link Locale#ROOT}, so decimal points are points). */
  public void printf(String format, Object... args) {
    line(String.format(Locale.ROOT, format, args));
  }

  /** Prints an empty line. */
  public void blank() {
    line("");
  }

  /** Prints a table. */
  public void table(Table table) {
    table.lines().forEach(this::line);
  }

  /** Progress of a long step with {@code total} units; printed to the console only. */
  public Progress progress(String task, long total) {
    return new Progress(console, task, total);
  }

  /** Writes {@code chart} as {@code file} and lists it with {@code caption} on the index page. */
  public void plot(Chart<?, ?> chart, String file, String caption) {
    if (chart instanceof XYChart) {
      Charts.roundTicks((XYChart) chart);
    }
    if (plotter.save(chart, file)) {
      if (current != null) {
        current.add(new Figure(file, caption));
      }
      line("  plot: " + file + " (" + caption + ")");
    } else if (!toldPlotsOff) {
      toldPlotsOff = true;
      line("  no plots: " + plotter.disabledBecause());
    }
  }

  /** The sections run so far, in order. */
  public List<SectionLog> sections() {
    return List.copyOf(sections);
  }

  private void log(String text) {
    if (current != null) {
      current.append(text);
    }
  }
}
