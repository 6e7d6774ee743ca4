package dev.soma.examples.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class LeastSquaresTest {
  @Test
  void exactLineIsRecovered() {
    double[][] x = {{0}, {1}, {2}, {3}};
    double[] y = {-1, 1, 3, 5}; // y = 2x - 1
    assertArrayEquals(new double[] {2, -1}, LeastSquares.fitWithIntercept(x, y), 1e-12);
  }

  @Test
  void solveNeedsPivoting() {
    double[][] a = {{0, 1}, {1, 1}};
    assertArrayEquals(new double[] {1, 2}, LeastSquares.solve(a, new double[] {2, 3}), 1e-15);
  }

  @Test
  void matrixProductAndApplication() {
    double[][] a = {{1, 2}, {3, 4}};
    double[][] b = {{0, 1}, {1, 0}};
    assertArrayEquals(new double[] {2, 1}, Matrix.multiply(a, b)[0], 0);
    assertArrayEquals(new double[] {5, 11}, Matrix.apply(a, new double[] {1, 2}), 0);
    assertArrayEquals(
        new double[] {1, 2, 3, 4},
        Matrix.toRowMajor(Matrix.fromRowMajor(new double[] {1, 2, 3, 4}, 2, 2)),
        0);
  }
}
