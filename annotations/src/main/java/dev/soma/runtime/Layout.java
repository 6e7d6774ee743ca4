package dev.soma.runtime;

/**
 * Converts weights between the row-major {@code out x in} layout users give ({@code w[i * in + j]}
 * is the weight of input {@code j} into neuron {@code i}) and the column layout loop-form layers
 * compute with ({@code columns[j][i]}).
 */
public final class Layout {
  private Layout() {}

  public static float[][] columns(float[] rowMajor, int out, int in) {
    float[][] columns = new float[in][out];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        columns[j][i] = rowMajor[i * in + j];
      }
    }
    return columns;
  }

  public static double[][] columns(double[] rowMajor, int out, int in) {
    double[][] columns = new double[in][out];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        columns[j][i] = rowMajor[i * in + j];
      }
    }
    return columns;
  }

  public static float[] rows(float[][] columns, int out, int in) {
    float[] rowMajor = new float[out * in];
    for (int j = 0; j < in; j++) {
      for (int i = 0; i < out; i++) {
        rowMajor[i * in + j] = columns[j][i];
      }
    }
    return rowMajor;
  }

  public static double[] rows(double[][] columns, int out, int in) {
    double[] rowMajor = new double[out * in];
    for (int j = 0; j < in; j++) {
      for (int i = 0; i < out; i++) {
        rowMajor[i * in + j] = columns[j][i];
      }
    }
    return rowMajor;
  }

  /** A deep copy of per-layer arrays. */
  public static float[][] copy(float[][] arrays) {
    float[][] copy = new float[arrays.length][];
    for (int l = 0; l < arrays.length; l++) {
      copy[l] = arrays[l].clone();
    }
    return copy;
  }

  /** A deep copy of per-layer arrays. */
  public static double[][] copy(double[][] arrays) {
    double[][] copy = new double[arrays.length][];
    for (int l = 0; l < arrays.length; l++) {
      copy[l] = arrays[l].clone();
    }
    return copy;
  }
}
