package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** erf and erfc against the BigDecimal series and continued fraction of {@link BigMath}. */
class ErfTest {
  /** The bounds stated in the Javadoc of {@link Activations#erf(double)} and erfc, relative. */
  private static final double ERF_MAX_RELATIVE_ERROR = 2e-16;

  private static final double ERFC_MAX_RELATIVE_ERROR = 6e-16;
  private static final int POINTS = 10_000;

  /** n + 1 points spread evenly over [from, to], each moved off the grid by a random fraction. */
  private static double[] spread(double from, double to, int n, long seed) {
    Random random = new Random(seed);
    double[] points = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      points[i] = from + (to - from) * (i + random.nextDouble()) / (n + 1);
    }
    return points;
  }

  @Test
  void doubleErfIsWithinTheStatedRelativeErrorOnMinusSixToSix() {
    double[] points = spread(-6, 6, POINTS, 20261128);
    assertMaxRelativeError("erf", Activations::erf, BigMath::erf, points, ERF_MAX_RELATIVE_ERROR);
  }

  @Test
  void doubleErfcIsWithinTheStatedRelativeErrorFromMinusSixToTwentySix() {
    double[] points = spread(-6, 26, 4000, 7);
    assertMaxRelativeError(
        "erfc", Activations::erfc, BigMath::erfc, points, ERFC_MAX_RELATIVE_ERROR);
  }

  private static void assertMaxRelativeError(
      String name,
      DoubleUnaryOperator function,
      UnaryOperator<BigDecimal> reference,
      double[] points,
      double bound) {
    double worst = 0;
    double worstAt = 0;
    for (double x : points) {
      double relative =
          relativeError(function.applyAsDouble(x), reference.apply(new BigDecimal(x)));
      if (relative > worst) {
        worst = relative;
        worstAt = x;
      }
    }
    System.out.printf("%s: max relative error %.3g at %s%n", name, worst, worstAt);
    assertTrue(worst <= bound, name + ": max relative error " + worst + " at " + worstAt);
  }

  @Test
  void floatErfAndErfcAreWithinOneUlp() {
    Random random = new Random(11);
    for (int i = 0; i < 3000; i++) {
      float x = (float) (-7 + 14 * random.nextDouble());
      BigDecimal exactX = new BigDecimal(x);
      assertTrue(Ulps.of(Activations.erf(x), BigMath.erf(exactX)) <= 1, () -> "erf " + x);
      assertTrue(Ulps.of(Activations.erfc(x), BigMath.erfc(exactX)) <= 1, () -> "erfc " + x);
    }
  }

  /** The switches between the pieces, tiny, subnormal and saturating arguments. */
  @ParameterizedTest
  @ValueSource(
      doubles = {
        4.9e-324,
        1e-310,
        2.2250738585072014E-308,
        1e-300,
        1e-20,
        1e-8,
        1e-3,
        0.5,
        0.9999999999999999,
        1,
        1.0000000000000002,
        1.9999999999999998,
        2,
        2.0000000000000004,
        3.9999999999999996,
        4,
        4.000000000000001,
        5.85,
        5.9,
        5.999999999999999,
        6,
        6.5,
        10
      })
  void erfIsAccurateAtSpecialPoints(double x) {
    for (double signed : new double[] {x, -x}) {
      BigDecimal exact = BigMath.erf(new BigDecimal(signed));
      assertTrue(
          relativeError(Activations.erf(signed), exact) <= ERF_MAX_RELATIVE_ERROR
              || Ulps.within(Activations.erf(signed), exact, 1),
          () -> "erf " + signed);
      float single = (float) signed;
      assertTrue(
          Ulps.of(Activations.erf(single), BigMath.erf(new BigDecimal(single))) <= 1,
          () -> "float erf " + single);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 4, 6, 10, 15, 20, 25, 26.5, 26.6, 27, 27.2, 27.3, 28})
  void erfcKeepsItsRelativeAccuracyInTheTail(double x) {
    BigDecimal exact = BigMath.erfc(new BigDecimal(x));
    double computed = Activations.erfc(x);
    assertTrue(
        relativeError(computed, exact) <= ERFC_MAX_RELATIVE_ERROR
            || Ulps.within(computed, exact, 1),
        () -> "erfc " + x + " = " + computed + ", exact " + exact.doubleValue());
    assertEquals(2 - exact.doubleValue(), Activations.erfc(-x), 0);
  }

  @Test
  void limitsSignsAndNaN() {
    assertEquals(1.0, Activations.erf(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, Activations.erf(Double.NEGATIVE_INFINITY));
    assertEquals(1.0, Activations.erf(Double.MAX_VALUE));
    assertEquals(-1.0f, Activations.erf(-Float.MAX_VALUE));
    assertEquals(0.0, Activations.erfc(Double.POSITIVE_INFINITY));
    assertEquals(2.0, Activations.erfc(Double.NEGATIVE_INFINITY));
    assertEquals(0.0f, Activations.erfc(Float.MAX_VALUE));
    assertEquals(-0.0, Activations.erf(-0.0));
    assertEquals(0.0, Activations.erf(0.0));
    assertEquals(1.0, Activations.erfc(-0.0));
    assertTrue(Double.isNaN(Activations.erf(Double.NaN)));
    assertTrue(Double.isNaN(Activations.erfc(Double.NaN)));
    assertTrue(Float.isNaN(Activations.erf(Float.NaN)));
    assertTrue(Float.isNaN(Activations.erfc(Float.NaN)));
  }

  @Test
  void erfIsOdd() {
    for (double x : spread(-6, 6, POINTS, 20261128)) {
      assertEquals(-Activations.erf(x), Activations.erf(-x), 0);
    }
  }

  private static double relativeError(double computed, BigDecimal exact) {
    if (exact.signum() == 0) {
      return computed == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return new BigDecimal(computed)
        .subtract(exact, BigMath.MC)
        .divide(exact, BigMath.MC)
        .abs()
        .doubleValue();
  }
}
