package dev.soma.examples;

import dev.soma.examples.output.Report;

/**
 * One idea of the lecture, runnable alone. A section computes its numbers in methods that return
 * them as data (the tests assert those), then prints and plots them in {@link #run}.
 */
public interface Section {
  /** The short name that selects this section on the command line, e.g. {@code activations}. */
  String name();

  /** The heading printed above the section's output. */
  String title();

  /** Computes, prints and plots. */
  void run(Report report);
}
