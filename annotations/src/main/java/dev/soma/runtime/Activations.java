package dev.soma.runtime;

import java.util.Objects;

/**
 * The activation functions the generated forward passes call, and their derivatives for
 * backpropagation. Every function has a {@code float} and a {@code double} overload; the {@code
 * float} ones compute in {@code double} and round once at the end unless the function is exact in
 * {@code float} anyway.
 *
 * <p>All functions allocate nothing, propagate NaN (NaN in gives NaN out) and never produce NaN
 * from a non-NaN argument: large arguments saturate instead of overflowing. Each public method is
 * small so that HotSpot inlines it into the calling loop; rare paths live in private methods.
 *
 * <p>Accuracy of the {@code double} overloads, in ulps of the exact result, as asserted by this
 * module's tests against 50-digit {@code BigDecimal} references (a grid over [-40, 40] plus
 * extremes) and measured on 20,000 further random arguments (in parentheses). Every {@code float}
 * overload is within 1 ulp of the exact result rounded to float, that is, correctly rounded or next
 * to it.
 *
 * <ul>
 *   <li>step, relu, leakyRelu and their derivatives: exact.
 *   <li>sigmoid: 2.5 ulp (2.0); sigmoidDerivative: 5 ulp (3.7).
 *   <li>tanh: 1.5 ulp (1.4); tanhDerivative: 5 ulp (4.0).
 *   <li>swish: 3 ulp (1.9).
 *   <li>erf: 1 ulp (0.9), relative error below 2e-16; erfc: 4 ulp (3.0), relative error below
 *       6e-16, also where erfc is tiny.
 *   <li>gelu: 5 ulp (3.8), including the far negative tail (gelu(-10) = -7.6e-23).
 *   <li>geluTanh: 4 ulp for z >= 0; for {@code z < 0} about 4 + 4|w| ulp with w = 1.6 z (1 +
 *       0.044715 z^2), because the rounding of w is amplified by e^w: 375 ulp (1e-13 relative) at z
 *       = -12, where geluTanh is 1e-58. The float overload is still within 1 ulp.
 *   <li>swishDerivative, geluDerivative, geluTanhDerivative: 8 ulp; for {@code |z| < 3}, where they
 *       cross zero, absolute error below 4.5e-16 instead.
 *   <li>softmax: 3 ulp (double), 2 ulp (float).
 * </ul>
 *
 * <p>Results below 2^-1022 (subnormal, for example {@code sigmoid(-720)}) are accurate to an
 * absolute error below 1e-320 rather than in ulps: they come from a subnormal e^-|z| whose rounding
 * is multiplied by factors up to z^3.
 */
public final class Activations {
  /** 1 / sqrt(2), rounded. */
  private static final double SQRT_HALF = 0.7071067811865476;

  /** 1 / sqrt(2 pi), rounded. */
  private static final double INVERSE_SQRT_TWO_PI = 0.3989422804014327;

  /** 2 sqrt(2 / pi), rounded: geluTanh uses 1 + tanh(y) = 2 sigmoid(2y). */
  private static final double TWICE_SQRT_TWO_OVER_PI = 1.5957691216057308;

  /** The cubic coefficient of the tanh approximation of GELU. */
  private static final double GELU_TANH_CUBIC = 0.044715;

  /** |x| from which erf x rounds to +-1: erfc(6) = 2.2e-17 is below half an ulp of 1. */
  private static final double ERF_SATURATION = 6;

  /** e^(-x^2) and e^(-x^2 / 2) underflow to zero well before |x| = 40. */
  private static final double GAUSSIAN_UNDERFLOW = 40;

  /** Below -700, e^-z would overflow and 1 + e^z rounds to 1. */
  private static final double EXP_OVERFLOW_GUARD = 700;

  /** Beyond this |z| the geluTanh derivative is exactly 0 or 1 and z^3 would overflow. */
  private static final double GELU_TANH_SATURATION = 1e100;

  private Activations() {}

  // ---------------------------------------------------------------------------------------------
  // Step

  /** 1 for {@code z > 0}, else 0 (also for -0); NaN gives NaN. */
  public static float step(float z) {
    return z > 0 ? 1 : z <= 0 ? 0 : z;
  }

  /** 1 for {@code z > 0}, else 0 (also for -0); NaN gives NaN. */
  public static double step(double z) {
    return z > 0 ? 1 : z <= 0 ? 0 : z;
  }

  /**
   * The derivative of {@link #step(float)}: 0 for every number. STEP has zero gradient everywhere
   * (its jump at 0 has no finite derivative), so a layer with STEP does not learn by gradient
   * descent; no surrogate gradient is substituted. NaN gives NaN.
   */
  public static float stepDerivative(float z) {
    return z == z ? 0 : z;
  }

  /** See {@link #stepDerivative(float)}: 0 for every number, NaN for NaN. */
  public static double stepDerivative(double z) {
    return z == z ? 0 : z;
  }

  // ---------------------------------------------------------------------------------------------
  // Sigmoid

  /** 1 / (1 + e^-z), never overflowing: sigmoid(-1000) = 0, sigmoid(1000) = 1. */
  public static float sigmoid(float z) {
    return (float) sigmoid((double) z);
  }

  /**
   * 1 / (1 + e^-z). Below z = -700, where e^-z would overflow, sigmoid(z) = e^z to double
   * precision. The only branch is that rare one, so a loop over mixed signs does not mispredict.
   */
  public static double sigmoid(double z) {
    if (z < -EXP_OVERFLOW_GUARD) {
      return Math.exp(z);
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** sigmoid(z) (1 - sigmoid(z)), computed as e^-|z| / (1 + e^-|z|)^2 without cancellation. */
  public static float sigmoidDerivative(float z) {
    return (float) sigmoidDerivative((double) z);
  }

  /** sigmoid(z) (1 - sigmoid(z)), computed as e^-|z| / (1 + e^-|z|)^2 without cancellation. */
  public static double sigmoidDerivative(double z) {
    double e = Math.exp(-Math.abs(z));
    double r = 1 / (1 + e);
    return e * r * r;
  }

  // ---------------------------------------------------------------------------------------------
  // Tanh

  /** tanh z within 1 ulp; see {@link #tanh(double)}. */
  public static float tanh(float z) {
    return (float) tanh((double) z);
  }

  /**
   * tanh z within 1.5 ulp: a polynomial below |z| = 1/2 (no cancellation near 0), 1 - 2 / (e^(2|z|)
   * + 1) above, which saturates to +-1 without overflow. It uses only {@link Math#exp}, an
   * intrinsic, and is faster than {@link Math#tanh}: about 3 times on JDK 17, 1.6 times on JDK 25
   * (JMH, 512 values).
   */
  public static double tanh(double z) {
    double a = Math.abs(z);
    double t = a * a;
    double magnitude =
        a < 0.5 ? a + a * (t * tanhCorrection(8 * t - 1)) : 1 - 2 / (Math.exp(2 * a) + 1);
    return Math.copySign(magnitude, z);
  }

  /** 1 - tanh^2 z, computed as 4 e^(-2|z|) / (1 + e^(-2|z|))^2 without cancellation. */
  public static float tanhDerivative(float z) {
    return (float) tanhDerivative((double) z);
  }

  /** 1 - tanh^2 z, computed as 4 e^(-2|z|) / (1 + e^(-2|z|))^2 without cancellation. */
  public static double tanhDerivative(double z) {
    double e = Math.exp(-2 * Math.abs(z));
    double r = 1 / (1 + e);
    return 4 * e * r * r;
  }

  // ---------------------------------------------------------------------------------------------
  // ReLU and leaky ReLU

  /** max(0, z); NaN gives NaN. */
  public static float relu(float z) {
    return Math.max(0f, z);
  }

  /** max(0, z); NaN gives NaN. */
  public static double relu(double z) {
    return Math.max(0.0, z);
  }

  /** 1 for {@code z > 0}, 0 for {@code z <= 0} (the subgradient 0 at z = 0); NaN gives NaN. */
  public static float reluDerivative(float z) {
    return z > 0 ? 1 : z <= 0 ? 0 : z;
  }

  /** 1 for {@code z > 0}, 0 for {@code z <= 0} (the subgradient 0 at z = 0); NaN gives NaN. */
  public static double reluDerivative(double z) {
    return z > 0 ? 1 : z <= 0 ? 0 : z;
  }

  /** z for {@code z > 0}, else {@code alpha * z}; NaN gives NaN. */
  public static float leakyRelu(float z, float alpha) {
    return z > 0 ? z : alpha * z;
  }

  /** z for {@code z > 0}, else {@code alpha * z}; NaN gives NaN. */
  public static double leakyRelu(double z, double alpha) {
    return z > 0 ? z : alpha * z;
  }

  /** 1 for {@code z > 0}, else alpha (also at z = 0); NaN gives NaN. */
  public static float leakyReluDerivative(float z, float alpha) {
    return z > 0 ? 1 : z <= 0 ? alpha : z;
  }

  /** 1 for {@code z > 0}, else alpha (also at z = 0); NaN gives NaN. */
  public static double leakyReluDerivative(double z, double alpha) {
    return z > 0 ? 1 : z <= 0 ? alpha : z;
  }

  // ---------------------------------------------------------------------------------------------
  // Swish (SiLU)

  /** z sigmoid(z): swish(-1000) = -0, swish(1000) = 1000. */
  public static float swish(float z) {
    return (float) swish((double) z);
  }

  /** z sigmoid(z): swish(-1000) = -0, swish(1000) = 1000. */
  public static double swish(double z) {
    return timesSigmoid(z, z);
  }

  /** sigmoid(z) (1 + z (1 - sigmoid(z))). */
  public static float swishDerivative(float z) {
    return (float) swishDerivative((double) z);
  }

  /** sigmoid(z) (1 + z (1 - sigmoid(z))), as sigmoid(z) + z sigmoid'(z). */
  public static double swishDerivative(double z) {
    return timesSigmoidDerivative(z, z, 1);
  }

  // ---------------------------------------------------------------------------------------------
  // GELU

  /** z Phi(z) with the exact normal distribution function Phi; see {@link #gelu(double)}. */
  public static float gelu(float z) {
    return (float) gelu((double) z);
  }

  /**
   * z Phi(z), Phi(z) = (1 + erf(z / sqrt 2)) / 2 = erfc(-z / sqrt 2) / 2. Phi is evaluated through
   * erfc, so the tail keeps its relative accuracy: gelu(-10) = -7.6e-23, not 0.
   */
  public static double gelu(double z) {
    double u = -z * SQRT_HALF;
    double a = Math.abs(u);
    if (a < 1) {
      return z * (0.5 * ((1 - u) - u * erfOverXMinusOne(2 * (u * u) - 1)));
    }
    return geluBeyondSqrtTwo(z, u, a);
  }

  /** Phi(z) + z phi(z), phi the standard normal density. */
  public static float geluDerivative(float z) {
    return (float) geluDerivative((double) z);
  }

  /** Phi(z) + z phi(z), phi the standard normal density. */
  public static double geluDerivative(double z) {
    // z phi(z) is multiplied in this order so that it stays a normal number while phi(z) is tiny.
    return normalCdf(z) + (finite(z) * INVERSE_SQRT_TWO_PI) * gaussian(Math.abs(z), 0.5);
  }

  /** z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))), see {@link #geluTanh(double)}. */
  public static float geluTanh(float z) {
    return (float) geluTanh((double) z);
  }

  /**
   * z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))), computed as z sigmoid(2 sqrt(2/pi) (z + 0.044715
   * z^3)), which is the same function without the cancellation of 1 + tanh for negative z.
   */
  public static double geluTanh(double z) {
    return timesSigmoid(z, geluTanhArgument(z));
  }

  /** The derivative of {@link #geluTanh(double)}. */
  public static float geluTanhDerivative(float z) {
    return (float) geluTanhDerivative((double) z);
  }

  /** The derivative of {@link #geluTanh(double)}: s(w) + z s'(w) w'(z), s the sigmoid. */
  public static double geluTanhDerivative(double z) {
    double y = Math.max(-GELU_TANH_SATURATION, Math.min(GELU_TANH_SATURATION, z));
    double slope = TWICE_SQRT_TWO_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * (y * y));
    return timesSigmoidDerivative(y, geluTanhArgument(y), slope);
  }

  // ---------------------------------------------------------------------------------------------
  // Error function

  /** erf x within 1 ulp (computed in double and rounded). */
  public static float erf(float x) {
    return (float) erf((double) x);
  }

  /**
   * The error function erf x = 2/sqrt(pi) integral_0^x e^(-t^2) dt, within 1 ulp: relative error
   * below 2e-16 (largest measured 1.5e-16 over 10,000 points in [-6, 6] and 20,000 more); erf(-0) =
   * -0, erf(+-inf) = +-1.
   *
   * <p>Method: below |x| = 1, x + x Q(x^2); above, 1 - e^(-x^2) G(|x|) with e^(x^2) erfc(x) = G(x)
   * interpolated on [1, 2] and [2, 4] and, as 1/x times a polynomial in 1/x^2, on [4, inf). The
   * polynomials are Chebyshev interpolants of 50-digit references (see the test class
   * PolynomialFitGenerator), each with truncation error below 2e-17. e^(-x^2) is evaluated from an
   * exact split of x^2 so that its error does not grow with x^2.
   */
  public static double erf(double x) {
    double a = Math.abs(x);
    if (a < 1) {
      return x + x * erfOverXMinusOne(2 * (x * x) - 1);
    }
    return erfBeyondOne(x, a);
  }

  /** erfc x = 1 - erf x within 1 ulp (computed in double and rounded). */
  public static float erfc(float x) {
    return (float) erfc((double) x);
  }

  /**
   * The complementary error function erfc x = 1 - erf x, accurate in relative terms also where it
   * is tiny (erfc(20) = 5.4e-176): relative error below 6e-16 (largest measured 4.1e-16), and
   * erfc(x) = 0 only where the exact value is below half of {@link Double#MIN_VALUE} (x > 27.2).
   */
  public static double erfc(double x) {
    double a = Math.abs(x);
    if (a < 1) {
      // 1 - x is exact for x in [1/2, 1), where erfc is smallest.
      return (1 - x) - x * erfOverXMinusOne(2 * (x * x) - 1);
    }
    double tail = gaussian(a, 1) * erfcScaled(a);
    return x > 0 ? tail : 2 - tail;
  }

  /**
   * Softmax of {@code v[from..to)} in place: e^(v_i - max) / sum_k e^(v_k - max). Subtracting the
   * maximum first makes huge values work ({1000, 1001} gives {0.269, 0.731}). A NaN anywhere in the
   * range makes the whole range NaN, as does +infinity or a range of only -infinity (the formula
   * has no value there); -infinity beside finite values gets probability 0.
   */
  public static void softmax(float[] v, int from, int to) {
    Objects.checkFromToIndex(from, to, v.length);
    float max = Float.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = v[i] > max ? v[i] : max; // A NaN is skipped here but makes the sum below NaN.
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      // 1 / e^(max - v) rather than e^(v - max): the same to 1.5 ulp of double, and on JDK 17
      // three times as fast when the result is narrowed to float (JMH, 512 values).
      double e = 1 / Math.exp(max - (double) v[i]);
      v[i] = (float) e;
      sum += e;
    }
    double scale = 1 / sum;
    for (int i = from; i < to; i++) {
      v[i] = (float) (v[i] * scale);
    }
  }

  /** Softmax of {@code v[from..to)} in place; see {@link #softmax(float[], int, int)}. */
  public static void softmax(double[] v, int from, int to) {
    Objects.checkFromToIndex(from, to, v.length);
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = v[i] > max ? v[i] : max; // A NaN is skipped here but makes the sum below NaN.
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      v[i] = Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = from; i < to; i++) {
      v[i] /= sum;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shared pieces

  /**
   * z sigmoid(w) for w of the sign of z, without a data-dependent branch. Below w = -700,
   * sigmoid(w) = e^w, and z = -infinity with e^w = 0 gives -0, not NaN.
   */
  private static double timesSigmoid(double z, double w) {
    if (w < -EXP_OVERFLOW_GUARD) {
      return finite(z) * Math.exp(w);
    }
    return z / (1 + Math.exp(-w));
  }

  /**
   * d/dz z sigmoid(w(z)) = sigmoid(w) + z sigmoid'(w) w'(z), given w and w'(z) = slope, for w of
   * the sign of z. sigmoid'(w) = e^-w sigmoid(w)^2 is evaluated as (e^-w sigmoid(w)) sigmoid(w),
   * whose first factor is at most 1; below w = -700, sigmoid(w) = sigmoid'(w) = e^w.
   */
  private static double timesSigmoidDerivative(double z, double w, double slope) {
    if (w < -EXP_OVERFLOW_GUARD) {
      return Math.exp(w) * (1 + finite(z) * slope);
    }
    double e = Math.exp(-w);
    double sigmoid = 1 / (1 + e);
    return sigmoid + (finite(z) * slope) * (e * sigmoid) * sigmoid;
  }

  /** The argument w of geluTanh(z) = z sigmoid(w). */
  private static double geluTanhArgument(double z) {
    return TWICE_SQRT_TWO_OVER_PI * z * (1 + GELU_TANH_CUBIC * (z * z));
  }

  /** z with the infinities replaced by the largest finite values, so that z * 0 is 0. */
  private static double finite(double z) {
    return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, z));
  }

  /** Phi(z) = erfc(-z / sqrt 2) / 2, relatively accurate in both tails. */
  private static double normalCdf(double z) {
    double u = -z * SQRT_HALF;
    double a = Math.abs(u);
    if (a < 1) {
      return 0.5 * ((1 - u) - u * erfOverXMinusOne(2 * (u * u) - 1));
    }
    // e^(-u^2) = e^(-z^2 / 2) is taken from z, which is exact, not from the rounded u.
    double tail = 0.5 * gaussian(Math.abs(z), 0.5) * erfcScaled(a);
    return u > 0 ? tail : 1 - tail;
  }

  /**
   * gelu(z) for |z| >= sqrt 2, where z Phi(z) = z - z T for {@code z > 0} and z T for {@code z <
   * 0}, with T = erfc(|u|) / 2 = e^(-z^2/2) e^(u^2) erfc(|u|) / 2. The tiny Gaussian factor is
   * multiplied last, so that gelu(-37.6) = -3.4e-308 is not computed from a subnormal Phi(z).
   */
  private static double geluBeyondSqrtTwo(double z, double u, double a) {
    double zTimesTail = (0.5 * finite(z) * erfcScaled(a)) * gaussian(Math.abs(z), 0.5);
    return u > 0 ? zTimesTail : z - zTimesTail;
  }

  private static double erfBeyondOne(double x, double a) {
    if (a >= ERF_SATURATION) {
      return Math.copySign(1.0, x);
    }
    return Math.copySign(1 - gaussian(a, 1) * erfcScaled(a), x);
  }

  /**
   * e^(-scale a^2) for a >= 0 and scale 1 or 1/2, with relative error about 1 ulp for every a. The
   * square is split as a^2 = h^2 + d with h = a rounded to float, so h^2 is exact and e^-d is a
   * short series ({@code |d| < 1e-4}). Rounding a^2 instead would cost a relative error of a^2 ulp.
   */
  private static double gaussian(double a, double scale) {
    double b = Math.min(a, GAUSSIAN_UNDERFLOW);
    double high = (float) b;
    double d = scale * ((b - high) * (b + high));
    return Math.exp(-scale * (high * high)) * (1 - d * (1 - d * (0.5 - d / 6)));
  }

  /** e^(a^2) erfc(a) for a >= 1 (or NaN). */
  private static double erfcScaled(double a) {
    if (a < 2) {
      return erfcScaledFrom1To2(2 * a - 3);
    }
    if (a < 4) {
      return erfcScaledFrom2To4(a - 3);
    }
    return erfcTail(32 / (a * a) - 1) / a;
  }

  // ---------------------------------------------------------------------------------------------
  // Polynomials derived by PolynomialFitGenerator (test sources): Chebyshev interpolants of
  // 50-digit references, rewritten in powers of the interval's variable v in [-1, 1].

  /**
   * erf(x) / x - 1 with t = x^2 in [0, 1], v = 2t - 1: 12 terms, truncation error 7.2e-18 absolute.
   */
  private static double erfOverXMinusOne(double v) {
    double p = -3.8078827395263415E-13;
    p = p * v + 9.211251258348265E-12;
    p = p * v - 2.035228404899467E-10;
    p = p * v + 4.115751497588646E-9;
    p = p * v - 7.51156928660089E-8;
    p = p * v + 1.2233827638116999E-6;
    p = p * v - 1.7537169441124826E-5;
    p = p * v + 2.1751715603563404E-4;
    p = p * v - 0.0022854855611441132;
    p = p * v + 0.019852496688984218;
    p = p * v - 0.1405360890227171;
    return p * v - 0.0345312613301327;
  }

  /** e^(x^2) erfc(x) for x in [1, 2], v = 2x - 3: 17 terms, truncation error 1.7e-18 relative. */
  private static double erfcScaledFrom1To2(double v) {
    double p = 2.0292151163761165E-13;
    p = p * v - 1.5120450435636143E-12;
    p = p * v + 1.0198170166276311E-11;
    p = p * v - 7.257022501340536E-11;
    p = p * v + 5.046602976320114E-10;
    p = p * v - 3.4059387395134227E-9;
    p = p * v + 2.232841288007105E-8;
    p = p * v - 1.4191186124333523E-7;
    p = p * v + 8.723044760349276E-7;
    p = p * v - 5.1713286727694885E-6;
    p = p * v + 2.9470857452438927E-5;
    p = p * v - 1.6081117336992078E-4;
    p = p * v + 8.360838095667822E-4;
    p = p * v - 0.00411636316244566;
    p = p * v + 0.019037759963869347;
    p = p * v - 0.08181145886628002;
    return p * v + 0.3215854164543175;
  }

  /** e^(x^2) erfc(x) for x in [2, 4], v = x - 3: 20 terms, truncation error 1.0e-18 relative. */
  private static double erfcScaledFrom2To4(double v) {
    double p = -3.357346034257376E-13;
    p = p * v + 1.6649372607256146E-12;
    p = p * v - 6.540314781838702E-12;
    p = p * v + 3.1649750343485987E-11;
    p = p * v - 1.5396164337943972E-10;
    p = p * v + 7.206569825011898E-10;
    p = p * v - 3.312746819938391E-9;
    p = p * v + 1.4977111542990704E-8;
    p = p * v - 6.646692586156175E-8;
    p = p * v + 2.8926693017436393E-7;
    p = p * v - 1.2333677056587265E-6;
    p = p * v + 5.146436493577689E-6;
    p = p * v - 2.0989464464224638E-5;
    p = p * v + 8.355413963931287E-5;
    p = p * v - 3.241255444964542E-4;
    p = p * v + 0.001223039052375977;
    p = p * v - 0.004479431018372594;
    p = p * v + 0.01588437115987136;
    p = p * v - 0.05437226000717287;
    return p * v + 0.17900115118138996;
  }

  /**
   * x e^(x^2) erfc(x) for x >= 4, s = 1/x^2 in [0, 1/16], v = 32s - 1: 15 terms, truncation error
   * 2.0e-18 relative.
   */
  private static double erfcTail(double v) {
    double p = 6.077762652686656E-14;
    p = p * v - 2.4602458150548296E-13;
    p = p * v + 8.354510297142996E-13;
    p = p * v - 3.925780828404376E-12;
    p = p * v + 1.9835019786063522E-11;
    p = p * v - 1.0491861391625424E-10;
    p = p * v + 5.996426436456734E-10;
    p = p * v - 3.7519036896058786E-9;
    p = p * v + 2.6102698860133955E-8;
    p = p * v - 2.064193637023896E-7;
    p = p * v + 1.9147125645442004E-6;
    p = p * v - 2.186107488154271E-5;
    p = p * v + 3.3359701308002137E-4;
    p = p * v - 0.008073805168516008;
    return p * v + 0.5557581685752836;
  }

  /**
   * (tanh(x) / x - 1) / x^2 with t = x^2 in [0, 1/4], v = 8t - 1: 11 terms, truncation error
   * 3.4e-18 relative.
   */
  private static double tanhCorrection(double v) {
    double p = -2.1389377625137342E-14;
    p = p * v + 4.4334078126042276E-13;
    p = p * v - 9.135716248047499E-12;
    p = p * v + 1.894681724081872E-10;
    p = p * v - 3.92947891940569E-9;
    p = p * v + 8.149430283400272E-8;
    p = p * v - 1.690130844924914E-6;
    p = p * v + 3.505260599742224E-5;
    p = p * v - 7.270772284230302E-4;
    p = p * v + 0.01510016141649393;
    return p * v - 0.31746926632872363;
  }
}
