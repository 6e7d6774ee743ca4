package dev.soma.runtime;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * High-precision reference functions in {@link BigDecimal}, written from the defining series and
 * continued fractions. They share no code or coefficients with {@link Activations}: the tests
 * compare the runtime against them, and {@link PolynomialFitGenerator} fits the runtime's
 * polynomials to them.
 */
final class BigMath {
  /** Working precision of the references: 50 significant digits unless a function needs more. */
  static final MathContext MC = new MathContext(50, RoundingMode.HALF_EVEN);

  private static final int GUARD_DIGITS = 20;
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final BigDecimal PI = machinPi(120);
  private static final BigDecimal SQRT_PI = PI.sqrt(new MathContext(120));

  private BigMath() {}

  // Sums take a MathContext throughout: 1 + e^-1000 added exactly would have a thousand digits.

  /** Pi to 50 digits. */
  static BigDecimal pi() {
    return PI.round(MC);
  }

  /** e^x for any finite x, relative error below 10^-50. */
  static BigDecimal exp(BigDecimal x) {
    if (x.signum() < 0) {
      return BigDecimal.ONE.divide(exp(x.negate()), MC);
    }
    // e^x = (e^(x / 2^k))^(2^k) with x / 2^k < 1/2; each squaring doubles the relative error.
    int halvings = Math.max(0, Math.getExponent(x.doubleValue()) + 3);
    MathContext mc = new MathContext(MC.getPrecision() + halvings + GUARD_DIGITS);
    BigDecimal reduced = x.divide(TWO.pow(halvings), mc);
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    for (int n = 1;
        term.abs().compareTo(BigDecimal.ONE.movePointLeft(mc.getPrecision())) > 0;
        n++) {
      term = term.multiply(reduced, mc).divide(BigDecimal.valueOf(n), mc);
      sum = sum.add(term, mc);
    }
    for (int i = 0; i < halvings; i++) {
      sum = sum.multiply(sum, mc);
    }
    return sum.round(MC);
  }

  /** tanh x: odd series sinh/cosh below 1 (no cancellation for tiny x), exponentials above. */
  static BigDecimal tanh(BigDecimal x) {
    if (x.abs().compareTo(BigDecimal.ONE) >= 0) {
      BigDecimal e = exp(x.abs().multiply(TWO).negate());
      BigDecimal t = BigDecimal.ONE.subtract(e, MC).divide(BigDecimal.ONE.add(e, MC), MC);
      return x.signum() < 0 ? t.negate() : t;
    }
    MathContext mc = new MathContext(MC.getPrecision() + GUARD_DIGITS);
    BigDecimal square = x.multiply(x, mc);
    BigDecimal sinh = x;
    BigDecimal cosh = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    BigDecimal tiny = BigDecimal.ONE.movePointLeft(mc.getPrecision());
    for (int k = 1; term.compareTo(tiny) > 0; k++) {
      term = term.multiply(square, mc).divide(BigDecimal.valueOf((2L * k - 1) * (2L * k)), mc);
      cosh = cosh.add(term, mc);
      sinh = sinh.add(x.multiply(term, mc).divide(BigDecimal.valueOf(2L * k + 1), mc), mc);
    }
    return sinh.divide(cosh, MC);
  }

  /** 1 / (1 + e^-x). */
  static BigDecimal sigmoid(BigDecimal x) {
    return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(x.negate()), MC), MC);
  }

  /**
   * erf x from its Maclaurin series {@code 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))}, summed
   * with enough digits that 1 - erf x (that is erfc x) still has 40 correct digits: the terms grow
   * to about e^(x^2) before they cancel.
   */
  static BigDecimal erfSeries(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    double magnitude = Math.abs(x.doubleValue());
    int digits = 40 + GUARD_DIGITS + (int) Math.ceil(2 * magnitude * magnitude / Math.log(10));
    MathContext mc = new MathContext(digits);
    BigDecimal minusSquare = x.multiply(x, mc).negate();
    BigDecimal power = x; // (-1)^n x^(2n+1) / n!
    BigDecimal sum = x;
    BigDecimal tiny = BigDecimal.ONE.movePointLeft(digits).multiply(x.abs());
    for (int n = 1; ; n++) {
      power = power.multiply(minusSquare, mc).divide(BigDecimal.valueOf(n), mc);
      BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), mc);
      sum = sum.add(term, mc);
      if (term.abs().compareTo(tiny) < 0 && n > magnitude * magnitude) {
        break;
      }
    }
    return sum.multiply(TWO, mc).divide(SQRT_PI, mc);
  }

  /**
   * x e^(x^2) erfc(x) sqrt(pi) for x >= 2 from the continued fraction {@code 1 / (1 + (s/2) / (1 +
   * (2s/2) / (1 + (3s/2) / ...)))} with s = 1/x^2, evaluated backwards from depth 600 (truncation
   * error below 10^-60 at x = 2, smaller beyond).
   */
  static BigDecimal erfcContinuedFraction(BigDecimal inverseSquare) {
    MathContext mc = new MathContext(MC.getPrecision() + GUARD_DIGITS);
    BigDecimal halfS = inverseSquare.multiply(HALF);
    BigDecimal value = BigDecimal.ONE;
    for (int k = 600; k >= 1; k--) {
      value = BigDecimal.ONE.add(halfS.multiply(BigDecimal.valueOf(k)).divide(value, mc), mc);
    }
    return BigDecimal.ONE.divide(value, mc);
  }

  /** erf x: the series below |x| = 3, 1 - erfc x above. */
  static BigDecimal erf(BigDecimal x) {
    if (x.abs().compareTo(BigDecimal.valueOf(3)) < 0) {
      return erfSeries(x).round(MC);
    }
    BigDecimal one = x.signum() < 0 ? BigDecimal.ONE.negate() : BigDecimal.ONE;
    return one.subtract(erfcPositive(x.abs()).multiply(one), MC);
  }

  /** erfc x = 1 - erf x with 50 correct digits even where it is tiny. */
  static BigDecimal erfc(BigDecimal x) {
    if (x.compareTo(BigDecimal.valueOf(3)) >= 0) {
      return erfcPositive(x);
    }
    if (x.compareTo(BigDecimal.valueOf(-3)) <= 0) {
      return TWO.subtract(erfcPositive(x.negate()), MC);
    }
    return BigDecimal.ONE.subtract(erfSeries(x), MC);
  }

  /** e^(x^2) erfc(x) for x >= 2 (continued fraction). */
  static BigDecimal erfcScaled(BigDecimal x) {
    MathContext mc = new MathContext(MC.getPrecision() + GUARD_DIGITS);
    BigDecimal inverseSquare = BigDecimal.ONE.divide(x.multiply(x, mc), mc);
    return erfcContinuedFraction(inverseSquare).divide(x.multiply(SQRT_PI, mc), MC);
  }

  private static BigDecimal erfcPositive(BigDecimal x) {
    return erfcScaled(x).multiply(exp(x.multiply(x).negate()), MC);
  }

  /** Standard normal density e^(-x^2/2) / sqrt(2 pi). */
  static BigDecimal normalDensity(BigDecimal x) {
    MathContext mc = new MathContext(MC.getPrecision() + GUARD_DIGITS);
    BigDecimal sqrt2Pi = PI.multiply(TWO).sqrt(mc);
    return exp(x.multiply(x).multiply(HALF).negate()).divide(sqrt2Pi, MC);
  }

  /** Standard normal distribution function Phi(x) = erfc(-x / sqrt 2) / 2. */
  static BigDecimal normalCdf(BigDecimal x) {
    MathContext mc = new MathContext(MC.getPrecision() + GUARD_DIGITS);
    return erfc(x.negate().divide(TWO.sqrt(mc), mc)).multiply(HALF, MC);
  }

  /** cos x by its Maclaurin series, for the Chebyshev nodes (|x| <= pi). */
  static BigDecimal cos(BigDecimal x) {
    MathContext mc = new MathContext(MC.getPrecision() + GUARD_DIGITS);
    BigDecimal minusSquare = x.multiply(x, mc).negate();
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal tiny = BigDecimal.ONE.movePointLeft(mc.getPrecision());
    for (int k = 1; term.abs().compareTo(tiny) > 0; k++) {
      term = term.multiply(minusSquare, mc).divide(BigDecimal.valueOf((2L * k - 1) * (2L * k)), mc);
      sum = sum.add(term, mc);
    }
    return sum.round(MC);
  }

  /** Pi by Machin's formula 16 atan(1/5) - 4 atan(1/239). */
  private static BigDecimal machinPi(int digits) {
    MathContext mc = new MathContext(digits + GUARD_DIGITS);
    BigDecimal pi =
        arctanOfInverse(5, mc)
            .multiply(BigDecimal.valueOf(16))
            .subtract(arctanOfInverse(239, mc).multiply(BigDecimal.valueOf(4)));
    return pi.round(new MathContext(digits));
  }

  private static BigDecimal arctanOfInverse(int n, MathContext mc) {
    BigDecimal inverse = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc);
    BigDecimal inverseSquare = inverse.multiply(inverse, mc);
    BigDecimal power = inverse;
    BigDecimal sum = inverse;
    BigDecimal tiny = BigDecimal.ONE.movePointLeft(mc.getPrecision());
    for (int k = 1; power.compareTo(tiny) > 0; k++) {
      power = power.multiply(inverseSquare, mc);
      BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), mc);
      sum = (k % 2 == 1) ? sum.subtract(term, mc) : sum.add(term, mc);
    }
    return sum;
  }
}
