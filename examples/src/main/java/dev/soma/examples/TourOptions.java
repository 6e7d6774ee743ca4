package dev.soma.examples;

import dev.soma.examples.sections.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The tour's command line: section names and options. */
record TourOptions(
    List<String> sections, Path outputDirectory, boolean plots, Target target, boolean help) {

  static TourOptions parse(String... args) {
    List<String> sections = new ArrayList<>();
    Path directory = Path.of("soma-out");
    boolean plots = true;
    Target target = Target.BUMP;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--no-plots" -> plots = false;
        case "--out" -> directory = Path.of(value(args, ++i, arg));
        case "--target" -> {
          String name = value(args, ++i, arg);
          try {
            target = Target.byName(name);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "unknown target '" + name + "'; choose one of " + String.join(", ", targetNames()));
          }
        }
        default -> {
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          sections.add(arg);
        }
      }
    }
    return new TourOptions(List.copyOf(sections), directory, plots, target, help);
  }

  static List<String> targetNames() {
    return Arrays.stream(Target.values()).map(Target::cliName).toList();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
