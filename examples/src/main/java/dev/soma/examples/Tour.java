package dev.soma.examples;

import dev.soma.examples.output.IndexPage;
import dev.soma.examples.output.Plotter;
import dev.soma.examples.output.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The examples tour: the lecture's ideas, each computed by Soma-generated networks. Runs every
 * section, or the ones named on the command line; prints the numbers and writes plots and an index
 * page to {@code soma-out/}.
 */
public final class Tour {
  private Tour() {}

  /** Runs the tour; {@code --help} lists the sections and options. */
  public static void main(String[] args) throws IOException {
    Plotter.headless();
    int status = run(args, System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the tour with {@code args}, printing to {@code out}; returns the process exit status. */
  public static int run(String[] args, PrintStream out) throws IOException {
    TourOptions options;
    try {
      options = TourOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("soma-examples: " + e.getMessage());
      out.println("Run with --help to list the sections and options.");
      return 2;
    }
    List<Section> all = Sections.all(options);
    if (options.help()) {
      printHelp(all, out);
      return 0;
    }
    List<Section> chosen = new ArrayList<>();
    for (String name : options.sections()) {
      Section section = all.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
      if (section == null) {
        out.println("soma-examples: no section named '" + name + "'");
        printHelp(all, out);
        return 2;
      }
      chosen.add(section);
    }
    if (chosen.isEmpty()) {
      chosen = all;
    }
    Path directory = options.outputDirectory();
    Files.createDirectories(directory);
    Report report = new Report(out, new Plotter(directory, options.plots()));
    long start = System.nanoTime();
    List<String> failed = new ArrayList<>();
    for (Section section : chosen) {
      long sectionStart = System.nanoTime();
      report.begin(section.title());
      try {
        section.run(report);
      } catch (RuntimeException e) {
        // One broken section must not hide the others; the exit status still reports it.
        failed.add(section.name());
        report.line("  FAILED: " + e);
        e.printStackTrace(out);
      }
      report.printf("  (%s: %.1f s)", section.name(), (System.nanoTime() - sectionStart) / 1e9);
    }
    Path page = IndexPage.write(directory, report.sections());
    out.println();
    out.printf(
        Locale.ROOT,
        "Done in %.1f s. Open %s to see every section with its plots.%n",
        (System.nanoTime() - start) / 1e9,
        page.toAbsolutePath().normalize());
    if (!failed.isEmpty()) {
      out.println("Sections that failed: " + String.join(", ", failed));
      return 1;
    }
    return 0;
  }

  private static void printHelp(List<Section> sections, PrintStream out) {
    out.println("Usage: java -jar soma-examples.jar [options] [section ...]");
    out.println();
    out.println("Runs the sections named (all when none is named), prints what each computes,");
    out.println("and writes plots and index.html to the output directory.");
    out.println();
    out.println("Sections:");
    for (Section section : sections) {
      out.printf(Locale.ROOT, "  %-14s %s%n", section.name(), section.title());
    }
    out.println();
    out.println("Options:");
    out.println("  --out DIR       output directory (default soma-out)");
    out.println("  --no-plots      print the numbers only");
    out.println(
        "  --target NAME   the second function approximated in 'approximation': "
            + String.join(", ", TourOptions.targetNames()));
    out.println("  --help          this list");
  }
}
