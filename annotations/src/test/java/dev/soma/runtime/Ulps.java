package dev.soma.runtime;

import java.math.BigDecimal;
import java.math.MathContext;

/** Distances between a computed value and an exact reference, in units in the last place. */
final class Ulps {
  /** Results below 2^-1022 are subnormal; they are compared in absolute terms. */
  static final double SUBNORMAL_ABSOLUTE_TOLERANCE = 1e-320;

  private Ulps() {}

  /** |computed - exact| in ulps of the double nearest to exact; infinite if NaN disagrees. */
  static double of(double computed, BigDecimal exact) {
    double rounded = exact.doubleValue();
    boolean equal = computed == rounded;
    return distance(computed, equal, Double.isFinite(computed), exact, Math.ulp(rounded));
  }

  /** |computed - exact| in ulps of the float nearest to exact. */
  static double of(float computed, BigDecimal exact) {
    float rounded = exact.floatValue();
    boolean equal = computed == rounded;
    return distance(computed, equal, Float.isFinite(computed), exact, Math.ulp(rounded));
  }

  private static double distance(
      double computed, boolean equal, boolean finite, BigDecimal exact, double ulp) {
    if (equal) {
      return 0;
    }
    if (!finite) {
      return Double.POSITIVE_INFINITY;
    }
    return new BigDecimal(computed)
        .subtract(exact, BigMath.MC)
        .abs()
        .divide(new BigDecimal(ulp), MathContext.DECIMAL64)
        .doubleValue();
  }

  /**
   * Whether the double result is within maxUlps, or subnormal and within the absolute tolerance.
   */
  static boolean within(double computed, BigDecimal exact, double maxUlps) {
    if (Math.abs(exact.doubleValue()) < Double.MIN_NORMAL) {
      return new BigDecimal(computed).subtract(exact, BigMath.MC).abs().doubleValue()
          <= SUBNORMAL_ABSOLUTE_TOLERANCE;
    }
    return of(computed, exact) <= maxUlps;
  }
}
