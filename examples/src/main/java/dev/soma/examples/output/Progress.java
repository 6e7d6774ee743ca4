package dev.soma.examples.output;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long step, printed as one line per quarter (25 %, 50 %, 75 %, 100 %) with the
 * elapsed time. Plain lines, no carriage returns, so a CI log stays readable.
 */
public final class Progress {
  private final PrintStream out;
  private final String task;
  private final long total;
  private final long startNanos = System.nanoTime();
  private int quartersPrinted;

  Progress(PrintStream out, String task, long total) {
    if (total < 1) {
      throw new IllegalArgumentException("total must be at least 1, was " + total);
    }
    this.out = out;
    this.task = task;
    this.total = total;
  }

  /** Reports that {@code done} of the total units are finished; prints when a quarter is passed. */
  public void done(long done) {
    int quarters = (int) Math.min(4, done * 4 / total);
    if (quarters > quartersPrinted) {
      quartersPrinted = quarters;
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      out.printf(
          Locale.ROOT,
          "    %s: %3d %% (%d/%d, %.1f s)%n",
          task,
          quarters * 25,
          Math.min(done, total),
          total,
          seconds);
    }
  }
}
