package dev.soma.examples.training;

import java.util.Arrays;

/**
 * How a dense network's weights and biases sit in one flat parameter vector: layer by layer, the
 * layer's row-major {@code out x in} weights, then its {@code out} biases. Converts between the
 * flat vector (what an optimiser moves) and the per-layer arrays a generated constructor takes.
 */
public final class ParameterLayout {
  private final int[] sizes;

  /** A layout for layer sizes {@code (inputs, hidden..., outputs)}, e.g. {@code (1, 8, 1)}. */
  public ParameterLayout(int... sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("need at least an input and an output size");
    }
    this.sizes = sizes.clone();
  }

  /** Number of dense layers. */
  public int layers() {
    return sizes.length - 1;
  }

  /** Inputs of layer {@code l} (0-based). */
  public int in(int l) {
    return sizes[l];
  }

  /** Outputs of layer {@code l} (0-based). */
  public int out(int l) {
    return sizes[l + 1];
  }

  /** Total number of parameters. */
  public int count() {
    int count = 0;
    for (int l = 0; l < layers(); l++) {
      count += (in(l) + 1) * out(l);
    }
    return count;
  }

  /** Offset of layer {@code l}'s weights in the flat vector; its biases follow them. */
  public int weightOffset(int l) {
    int offset = 0;
    for (int k = 0; k < l; k++) {
      offset += (in(k) + 1) * out(k);
    }
    return offset;
  }

  /** The per-layer weight arrays of {@code p}. */
  public double[][] weights(double[] p) {
    check(p);
    double[][] w = new double[layers()][];
    for (int l = 0; l < layers(); l++) {
      int from = weightOffset(l);
      w[l] = Arrays.copyOfRange(p, from, from + in(l) * out(l));
    }
    return w;
  }

  /** The per-layer bias arrays of {@code p}. */
  public double[][] biases(double[] p) {
    check(p);
    double[][] b = new double[layers()][];
    for (int l = 0; l < layers(); l++) {
      int from = weightOffset(l) + in(l) * out(l);
      b[l] = Arrays.copyOfRange(p, from, from + out(l));
    }
    return b;
  }

  /** The flat vector of per-layer weights and biases. */
  public double[] flatten(double[][] weights, double[][] biases) {
    double[] p = new double[count()];
    for (int l = 0; l < layers(); l++) {
      int offset = weightOffset(l);
      System.arraycopy(weights[l], 0, p, offset, in(l) * out(l));
      System.arraycopy(biases[l], 0, p, offset + in(l) * out(l), out(l));
    }
    return p;
  }

  private void check(double[] p) {
    if (p.length != count()) {
      throw new IllegalArgumentException(
          "parameter vector has length " + p.length + "; the layout needs " + count());
    }
  }
}
