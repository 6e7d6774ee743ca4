package dev.soma.examples.training;

/** Inputs and targets, one row per example. */
public record Dataset(double[][] inputs, double[][] targets) {
  /** A dataset of one-dimensional inputs and targets. */
  public static Dataset scalar(double[] x, double[] y) {
    double[][] in = new double[x.length][];
    double[][] out = new double[y.length][];
    for (int i = 0; i < x.length; i++) {
      in[i] = new double[] {x[i]};
      out[i] = new double[] {y[i]};
    }
    return new Dataset(in, out);
  }

  /** Number of examples. */
  public int size() {
    return inputs.length;
  }
}
