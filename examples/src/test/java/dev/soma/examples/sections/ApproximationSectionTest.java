package dev.soma.examples.sections;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.STEP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApproximationSectionTest {
  private final List<ApproximationSection.Row> sin = ApproximationSection.errors(Target.SIN);

  @Test
  void stepErrorIsHalfAStepTimesTheSlope() {
    // Midpoint staircase of sin (Lipschitz constant 1) with h = 2 pi / N: error -> h / 2 = pi / N.
    for (int n : new int[] {64, 256}) {
      double error = ApproximationSection.error(sin, STEP, n);
      assertEquals(Math.PI / n, error, 0.02 * Math.PI / n, "N = " + n);
    }
  }

  @Test
  void reluErrorIsTheInterpolationBound() {
    // Linear interpolation of sin: error -> h^2 max|sin''| / 8 with h = 2 pi / N.
    for (int n : new int[] {64, 256}) {
      double h = 2 * Math.PI / n;
      double error = ApproximationSection.error(sin, RELU, n);
      assertTrue(error <= h * h / 8 * 1.001, "N = " + n + ": " + error);
      assertTrue(error >= h * h / 8 * 0.9, "N = " + n + ": " + error);
    }
  }

  @Test
  void errorFallsAtTheExpectedRate() {
    for (Target target : List.of(Target.SIN, Target.BUMP)) {
      List<ApproximationSection.Row> rows = ApproximationSection.errors(target);
      assertEquals(1, ApproximationSection.order(rows, STEP), 0.1, target + " STEP");
      assertEquals(1, ApproximationSection.order(rows, SIGMOID), 0.1, target + " SIGMOID");
      assertEquals(2, ApproximationSection.order(rows, RELU), 0.1, target + " RELU");
    }
  }

  @Test
  void errorFallsMonotonically() {
    for (ApproximationSection.Row row : sin) {
      int n = row.width();
      if (n > 4) {
        assertTrue(
            row.maxError() < ApproximationSection.error(sin, row.kind(), n / 4), row.toString());
      }
    }
  }
}
