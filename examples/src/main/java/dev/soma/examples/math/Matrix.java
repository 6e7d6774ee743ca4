package dev.soma.examples.math;

/** Small dense matrix helpers on {@code double[rows][cols]}, written for clarity, not speed. */
public final class Matrix {
  private Matrix() {}

  /** The {@code rows x cols} matrix whose row-major elements are {@code flat}. */
  public static double[][] fromRowMajor(double[] flat, int rows, int cols) {
    if (flat.length != rows * cols) {
      throw new IllegalArgumentException(
          "expected "
              + rows
              + " x "
              + cols
              + " = "
              + rows * cols
              + " elements, got "
              + flat.length);
    }
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * cols, m[i], 0, cols);
    }
    return m;
  }

  /** The elements of {@code m} row by row. */
  public static double[] toRowMajor(double[][] m) {
    int cols = m[0].length;
    double[] flat = new double[m.length * cols];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, flat, i * cols, cols);
    }
    return flat;
  }

  /** The product {@code a b}. */
  public static double[][] multiply(double[][] a, double[][] b) {
    int inner = b.length;
    if (a[0].length != inner) {
      throw new IllegalArgumentException(
          "cannot multiply "
              + a.length
              + " x "
              + a[0].length
              + " by "
              + b.length
              + " x "
              + b[0].length);
    }
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        double sum = 0;
        for (int k = 0; k < inner; k++) {
          sum += a[i][k] * b[k][j];
        }
        c[i][j] = sum;
      }
    }
    return c;
  }

  /** The product {@code m x}. */
  public static double[] apply(double[][] m, double[] x) {
    if (m[0].length != x.length) {
      throw new IllegalArgumentException(
          "cannot apply a "
              + m.length
              + " x "
              + m[0].length
              + " matrix to a vector of "
              + x.length);
    }
    double[] y = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      double sum = 0;
      for (int j = 0; j < x.length; j++) {
        sum += m[i][j] * x[j];
      }
      y[i] = sum;
    }
    return y;
  }

  /** The sum {@code a + b} of two vectors. */
  public static double[] add(double[] a, double[] b) {
    double[] sum = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }

  /** The largest absolute difference between elements of two vectors of equal length. */
  public static double maxAbsDifference(double[] a, double[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** The Euclidean norm. */
  public static double norm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
