package dev.soma.examples.math;

/** Positive-definiteness by attempting a Cholesky factorisation {@code A = L L^T}. */
public final class Cholesky {
  private Cholesky() {}

  /**
   * Whether symmetric {@code a} is positive definite: the factorisation succeeds exactly when every
   * pivot is positive. Reads only the lower triangle; does not change {@code a}.
   */
  public static boolean isPositiveDefinite(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int j = 0; j < n; j++) {
      double pivot = a[j][j];
      for (int k = 0; k < j; k++) {
        pivot -= l[j][k] * l[j][k];
      }
      if (!(pivot > 0)) {
        return false;
      }
      l[j][j] = Math.sqrt(pivot);
      for (int i = j + 1; i < n; i++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        l[i][j] = sum / l[j][j];
      }
    }
    return true;
  }
}
