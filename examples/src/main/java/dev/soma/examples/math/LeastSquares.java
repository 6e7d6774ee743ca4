package dev.soma.examples.math;

/** Linear least squares through the normal equations, solved by Gaussian elimination. */
public final class LeastSquares {
  private LeastSquares() {}

  /**
   * The coefficients {@code (w_1, ..., w_d, c)} minimising {@code sum_i (w . x_i + c - y_i)^2}: a
   * linear model with an intercept.
   */
  public static double[] fitWithIntercept(double[][] x, double[] y) {
    int d = x[0].length + 1;
    double[][] normal = new double[d][d];
    double[] rhs = new double[d];
    for (int i = 0; i < x.length; i++) {
      double[] row = new double[d];
      System.arraycopy(x[i], 0, row, 0, d - 1);
      row[d - 1] = 1;
      for (int a = 0; a < d; a++) {
        rhs[a] += row[a] * y[i];
        for (int b = 0; b < d; b++) {
          normal[a][b] += row[a] * row[b];
        }
      }
    }
    return solve(normal, rhs);
  }

  /** The solution of {@code a s = b} by Gaussian elimination with partial pivoting. */
  public static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = new double[n + 1];
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
          pivot = r;
        }
      }
      if (m[pivot][col] == 0) {
        throw new IllegalArgumentException("singular system");
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int r = col + 1; r < n; r++) {
        double factor = m[r][col] / m[col][col];
        for (int c = col; c <= n; c++) {
          m[r][c] -= factor * m[col][c];
        }
      }
    }
    double[] s = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double sum = m[r][n];
      for (int c = r + 1; c < n; c++) {
        sum -= m[r][c] * s[c];
      }
      s[r] = sum / m[r][r];
    }
    return s;
  }
}
