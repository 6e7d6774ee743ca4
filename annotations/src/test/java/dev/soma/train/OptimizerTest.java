package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Optimizer steps against the update rules worked by hand. */
class OptimizerTest {
  @Test
  void sgdStepsAgainstTheMeanGradientAndZeroesTheSums() {
    double[] w = {1, -2};
    double[] g = {0.4, -0.2}; // sums over a batch of 2: means 0.2 and -0.1
    OptimizerState state = Optimizer.sgd(0.1).start();
    state.add(w, g, true);

    state.step(0.5);

    assertArrayEquals(new double[] {0.98, -1.99}, w, 1e-15);
    assertArrayEquals(new double[] {0, 0}, g);
    assertEquals(1, state.steps());
  }

  @Test
  void sgdWithMomentumAndWeightDecay() {
    double[] w = {1};
    double[] g = {0};
    double[] b = {1};
    double[] gb = {0};
    OptimizerState state = Optimizer.sgd(0.1).momentum(0.9).weightDecay(0.01).start();
    state.add(w, g, true);
    state.add(b, gb, false);

    g[0] = 0.5;
    gb[0] = 0.5;
    state.step(1);
    // weight: v = 0.5 + 0.01 * 1 = 0.51, w = 1 - 0.051; bias (no decay): v = 0.5, b = 0.95
    assertEquals(0.949, w[0], 1e-15);
    assertEquals(0.95, b[0], 1e-15);

    g[0] = -0.2;
    gb[0] = -0.2;
    state.step(1);
    // weight: v = 0.9 * 0.51 - 0.2 + 0.01 * 0.949 = 0.26849, w = 0.949 - 0.026849
    // bias:   v = 0.9 * 0.5 - 0.2 = 0.25, b = 0.95 - 0.025
    assertEquals(0.922151, w[0], 1e-15);
    assertEquals(0.925, b[0], 1e-15);
  }

  @Test
  void adamFollowsThePaperInDoubleAndFloat() {
    double[] w = {1};
    double[] g = {0};
    float[] wf = {1};
    float[] gf = {0};
    OptimizerState state = Optimizer.adam(0.01).start();
    state.add(w, g, true);
    state.add(wf, gf, true);
    double[] gradients = {0.5, -0.2, 0.3};
    double reference = 1;
    double m = 0;
    double v = 0;
    for (int t = 1; t <= gradients.length; t++) {
      g[0] = gradients[t - 1];
      gf[0] = (float) gradients[t - 1];
      state.step(1);
      m = 0.9 * m + 0.1 * gradients[t - 1];
      v = 0.999 * v + 0.001 * gradients[t - 1] * gradients[t - 1];
      double mHat = m / (1 - Math.pow(0.9, t));
      double vHat = v / (1 - Math.pow(0.999, t));
      reference -= 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
      assertEquals(reference, w[0], 1e-15, "double, step " + t);
      assertEquals(reference, wf[0], 1e-6, "float, step " + t);
    }
    // The first step moves by the learning rate, whatever the gradient's size.
    assertEquals(0.99, 1 - 0.01 * 0.5 / (0.5 + 1e-8), 1e-9);
  }

  @Test
  void badSettingsSayWhatIsExpected() {
    assertEquals(
        "learning rate is 0.0; expected a finite number above 0",
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0)).getMessage());
    assertEquals(
        "momentum is 1.0; expected a number in [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0.1).momentum(1))
            .getMessage());
    assertEquals(
        "gradient has length 3; expected 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> Optimizer.adam(0.1).start().add(new double[2], new double[3], true))
            .getMessage());
  }
}
