package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.examples.math.Matrix;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class TrainingTest {
  private static Objective twoDimensional(ToDoubleFunction<double[]> f) {
    return new Objective() {
      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public double loss(double[] p) {
        return f.applyAsDouble(p);
      }
    };
  }

  /** x^2 - y^2 + x y / 2 + x: one saddle where 2x + y/2 + 1 = 0 and x/2 - 2y = 0. */
  private static final Objective SADDLE =
      twoDimensional(p -> p[0] * p[0] - p[1] * p[1] + p[0] * p[1] / 2 + p[0]);

  /** (x - 1)^2 + 10 (y + 2)^2: minimum at (1, -2). */
  private static final Objective BOWL =
      twoDimensional(p -> Math.pow(p[0] - 1, 2) + 10 * Math.pow(p[1] + 2, 2));

  @Test
  void finiteDifferencesMatchTheAnalyticDerivatives() {
    double[] p = {0.3, -0.7};
    assertArrayEquals(
        new double[] {2 * 0.3 - 0.7 / 2 + 1, 2 * 0.7 + 0.3 / 2}, SADDLE.gradient(p), 1e-9);
    double[][] h = SADDLE.hessian(p);
    assertArrayEquals(new double[] {2, 0.5}, h[0], 1e-6);
    assertArrayEquals(new double[] {0.5, -2}, h[1], 1e-6);
  }

  @Test
  void levenbergMarquardtFindsTheSaddleAndNewtonDescentTheMinimum() {
    // Solve 2x + y/2 = -1, x/2 - 2y = 0: y = x/4, 2x + x/8 = -1, x = -8/17.
    CriticalPoints.Found saddle = CriticalPoints.search(SADDLE, new double[] {2, 3}, 50, 1e-9);
    assertArrayEquals(new double[] {-8.0 / 17, -2.0 / 17}, saddle.parameters(), 1e-7);
    CriticalPoints.Found min = CriticalPoints.minimise(BOWL, new double[] {5, 5}, 50, 1e-9);
    assertArrayEquals(new double[] {1, -2}, min.parameters(), 1e-7);
  }

  @Test
  void gradientDescentReachesTheBowlsMinimum() {
    Trainer.Result result =
        new GradientDescent(0.02, 0.9, 400).train(BOWL, new double[] {5, 5}, null);
    assertArrayEquals(new double[] {1, -2}, result.parameters(), 1e-6);
    assertTrue(result.losses()[0] > result.finalLoss());
  }

  @Test
  void layoutRoundTripsAndCountsParameters() {
    ParameterLayout layout = new ParameterLayout(2, 3, 1);
    assertEquals(2 * 3 + 3 + 3 + 1, layout.count());
    double[] p = new double[layout.count()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, layout.weights(p)[0], 0);
    assertArrayEquals(new double[] {6, 7, 8}, layout.biases(p)[0], 0);
    assertArrayEquals(new double[] {9, 10, 11}, layout.weights(p)[1], 0);
    assertArrayEquals(p, layout.flatten(layout.weights(p), layout.biases(p)), 0);
  }

  @Test
  void weightDecayAddsHalfLambdaNormSquared() {
    double[] p = {3, 4};
    assertEquals(BOWL.loss(p) + 0.5 * 0.1 * 25, new WeightDecay(BOWL, 0.1).loss(p), 1e-12);
    assertEquals(5, Matrix.norm(p), 0);
  }
}
