package dev.soma.runtime;

/** Argument checks the generated code calls; each failure names what was expected and what was found. */
public final class Checks {
  private Checks() {}

  public static void length(float[] array, int expected, String what) {
    if (array == null) {
      throw new NullPointerException(what + " is null; expected float[" + expected + "]");
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(
          what + " has length " + array.length + "; expected " + expected);
    }
  }

  public static void length(double[] array, int expected, String what) {
    if (array == null) {
      throw new NullPointerException(what + " is null; expected double[" + expected + "]");
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(
          what + " has length " + array.length + "; expected " + expected);
    }
  }

  public static void count(Object[] arrays, int expected, String what) {
    if (arrays == null) {
      throw new NullPointerException(what + " is null; expected " + expected + " arrays, one per layer");
    }
    if (arrays.length != expected) {
      throw new IllegalArgumentException(
          what + " has " + arrays.length + " arrays; expected " + expected + ", one per layer");
    }
  }

  /** Checks a batch: as many output rows as input rows, each of the right length. */
  public static void batch(float[][] xs, float[][] ys, int inputs, int outputs) {
    batchRows(xs, ys);
    for (int n = 0; n < xs.length; n++) {
      if (xs[n] == null || xs[n].length != inputs) {
        length(xs[n], inputs, "xs[" + n + "]"); // throws, naming the row
      }
      if (ys[n] == null || ys[n].length != outputs) {
        length(ys[n], outputs, "ys[" + n + "]");
      }
    }
  }

  /** Checks a batch: as many output rows as input rows, each of the right length. */
  public static void batch(double[][] xs, double[][] ys, int inputs, int outputs) {
    batchRows(xs, ys);
    for (int n = 0; n < xs.length; n++) {
      if (xs[n] == null || xs[n].length != inputs) {
        length(xs[n], inputs, "xs[" + n + "]"); // throws, naming the row
      }
      if (ys[n] == null || ys[n].length != outputs) {
        length(ys[n], outputs, "ys[" + n + "]");
      }
    }
  }

  private static void batchRows(Object[] xs, Object[] ys) {
    if (xs == null || ys == null) {
      throw new NullPointerException(xs == null ? "xs is null" : "ys is null");
    }
    if (xs.length != ys.length) {
      throw new IllegalArgumentException(
          "xs has " + xs.length + " rows but ys has " + ys.length + "; give one output row per input row");
    }
  }

  /**
   * The batched form computes a block of rows together: every input row of the block is read
   * before any output row is written. One call per row would instead see an output written by an
   * earlier row, so a block must not use an array as the output of one row and the input or output
   * of another (the same row in place, {@code ys[n] == xs[n]}, is fine).
   */
  public static void blockRows(Object[] xs, Object[] ys, int start, int count) {
    for (int a = start; a < start + count; a++) {
      for (int b = start; b < start + count; b++) {
        if (a != b && (ys[a] == xs[b] || (a < b && ys[a] == ys[b]))) {
          throw new IllegalArgumentException(
              "ys["
                  + a
                  + "] is the same array as "
                  + (ys[a] == xs[b] ? "xs[" : "ys[")
                  + b
                  + "]; rows of a batch are computed together, so give each row an output array of its"
                  + " own (the row's own input, ys[n] == xs[n], is fine)");
        }
      }
    }
  }
}
