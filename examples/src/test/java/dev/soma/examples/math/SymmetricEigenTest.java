package dev.soma.examples.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
  @Test
  void twoByTwo() {
    assertArrayEquals(
        new double[] {1, 3}, SymmetricEigen.values(new double[][] {{2, 1}, {1, 2}}), 1e-14);
  }

  @Test
  void tridiagonalToeplitzHasClosedFormEigenvalues() {
    // tridiag(-1, 2, -1) of size n: 2 - 2 cos(k pi / (n + 1)), k = 1..n.
    int n = 12;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = 2;
      if (i > 0) {
        a[i][i - 1] = -1;
        a[i - 1][i] = -1;
      }
    }
    double[] expected = new double[n];
    for (int k = 1; k <= n; k++) {
      expected[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
    }
    assertArrayEquals(expected, SymmetricEigen.values(a), 1e-12);
  }

  @Test
  void traceAndPositiveDefinitenessAgreeWithCholesky() {
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + trial % 7;
      double[][] h = RandomSymmetric.next(n, random);
      double[] values = SymmetricEigen.values(h);
      double trace = 0;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        trace += h[i][i];
        sum += values[i];
      }
      assertEquals(trace, sum, 1e-12);
      assertEquals(values[0] > 0, Cholesky.isPositiveDefinite(h), "trial " + trial);
    }
  }
}
