package dev.soma.processor.testing;

import java.util.List;

/** A dense network evaluated in double precision by the plainest possible loops: the reference. */
public final class ReferenceNetwork {
  private final double[][] weights;
  private final double[][] biases;
  private final List<String> activations;
  private final double alpha;

  /** {@code activations.get(l)} is layer l's activation kind name. */
  public ReferenceNetwork(double[][] weights, double[][] biases, List<String> activations, double alpha) {
    this.weights = weights;
    this.biases = biases;
    this.activations = activations;
    this.alpha = alpha;
  }

  public static ReferenceNetwork of(float[][] weights, float[][] biases, List<String> activations, double alpha) {
    return new ReferenceNetwork(toDouble(weights), toDouble(biases), activations, alpha);
  }

  public double[] apply(double[] x) {
    double[] a = x;
    for (int l = 0; l < weights.length; l++) {
      int out = biases[l].length;
      int in = a.length;
      double[] z = new double[out];
      for (int i = 0; i < out; i++) {
        double sum = biases[l][i];
        for (int j = 0; j < in; j++) {
          sum += weights[l][i * in + j] * a[j];
        }
        z[i] = sum;
      }
      String kind = activations.get(l);
      if (kind.equals("SOFTMAX")) {
        a = ReferenceMath.softmax(z);
      } else {
        for (int i = 0; i < out; i++) {
          z[i] = ReferenceMath.apply(kind, z[i], alpha);
        }
        a = z;
      }
    }
    return a;
  }

  public static double[][] toDouble(float[][] values) {
    double[][] doubles = new double[values.length][];
    for (int l = 0; l < values.length; l++) {
      doubles[l] = new double[values[l].length];
      for (int k = 0; k < values[l].length; k++) {
        doubles[l][k] = values[l][k];
      }
    }
    return doubles;
  }

  public static double[] toDouble(float[] values) {
    double[] doubles = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      doubles[k] = values[k];
    }
    return doubles;
  }
}
