package dev.soma.examples.math;

import java.util.Random;

/**
 * Random symmetric matrices {@code (A + A^T) / 2} with independent standard normal entries in
 * {@code A} (the Gaussian orthogonal ensemble: diagonal variance 1, off-diagonal variance 1/2), a
 * model of the Hessian of a loss at a random critical point.
 */
public final class RandomSymmetric {
  private RandomSymmetric() {}

  /** A new {@code n x n} random symmetric matrix drawn from {@code random}. */
  public static double[][] next(int n, Random random) {
    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      h[i][i] = random.nextGaussian();
      for (int j = 0; j < i; j++) {
        double value = random.nextGaussian() * Math.sqrt(0.5);
        h[i][j] = value;
        h[j][i] = value;
      }
    }
    return h;
  }
}
