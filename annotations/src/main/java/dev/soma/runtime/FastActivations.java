package dev.soma.runtime;

/**
 * Float activation functions computed in float arithmetic, for {@code @Network(activations =
 * ActivationMath.FAST)}: e^x by range reduction and a minimax polynomial, and the smooth
 * activations built on it. They have no branches on the sign of the argument, and use {@link
 * Math#fma} (an intrinsic on JDK 17 C2 where the processor has FMA; elsewhere computed exactly
 * through double), so a loop over mixed signs does not mispredict and each call is a short chain
 * of multiply-adds around one or two divisions. Clamping is done with {@link Math#min}/{@link
 * Math#max}, except in e^x and in the division 1 / (1 + e) of sigmoid, swish and geluTanh: there
 * the clamps are compares whose branch is taken only beyond the range where e^x is finite and
 * nonzero (|x| of about 70 and more), so a chain of calls predicts them and does not wait for them
 * (a float {@code Math.min} or {@code Math.max} compiles to a blend sequence of about 13 cycles on
 * JDK 17; see BENCHMARKS.md, "N1 latency chain, piece by piece"). Both ways give the same bits.
 * {@link Activations} holds the exact versions (float overloads within 1 ulp) and the {@code
 * double} ones, which this class does not replace.
 *
 * <p>Error bounds in ulps of the exact result (so a bound of 2 means at most 2.5 ulps from the
 * correctly rounded result), asserted by FastActivationsAccuracyTest against double references on
 * every 61st float of magnitude 2^-40 to 128, every float within 2048 ulps of each break point and
 * half a million random floats, and measured on every one of the 2^32 floats (largest error, in
 * parentheses):
 *
 * <ul>
 *   <li>exp: 1 ulp (0.98).
 *   <li>sigmoid, tanh, swish: 2 ulp (1.95, 1.96, 1.93).
 *   <li>geluTanh: 3 ulp (2.87), also in the negative tail: its logistic argument w = 1.6 z (1 +
 *       0.044715 z^2) is carried in two floats, since e^w would amplify its rounding to |w| / 2
 *       ulp.
 *   <li>gelu (erf form): 4.5 ulp (4.29), also in the negative tail (gelu(-10) = -7.6e-23): the
 *       Gaussian factor e^(-z^2/2) comes from an exact split of z^2/2.
 * </ul>
 *
 * <p>Results smaller than 1e-36 in magnitude are accurate to an absolute error below 1e-36 instead:
 * they are subnormal, or flushed to zero where e^|z| overflows (sigmoid(-100), swish(-95)). The
 * limits are exact: exp(-inf) = 0, exp(inf) = inf, sigmoid(+-inf) = 1 and 0, tanh(+-inf) = +-1;
 * swish, gelu and geluTanh give inf at inf and -0 at -inf. Sigmoid stays in [0, 1], tanh in [-1, 1]
 * and is odd (tanh(-0) = -0); NaN gives NaN.
 */
public final class FastActivations {
  // The constants below are public so that the processor's lane-wise (Vector API) form of these
  // functions uses the very same values: both must give the same bits.

  /** Below this, e^x rounds to zero in float ({@code e^-104 = 6.8e-46 < 2^-150}). */
  public static final float EXP_LOW = -104f;

  /** Above this, e^x overflows to infinity in float ({@code e^88.73 > Float.MAX_VALUE}). */
  public static final float EXP_HIGH = 89f;

  /** log2(e), rounded to float. */
  public static final float LOG2_E = 1.442695f;

  /** ln 2 = LN2_HIGH + LN2_LOW, LN2_HIGH with 16 significant bits, so k LN2_HIGH is exact. */
  public static final float LN2_HIGH = 0.693145751953125f;

  /** ln 2 - LN2_HIGH, rounded to float. */
  public static final float LN2_LOW = 1.42860677e-6f;

  /** 1.5 * 2^23: adding and subtracting it rounds a float below 2^22 to the nearest integer. */
  public static final float ROUNDING_SHIFT = 12582912f;

  /** From |z| = 10, tanh z rounds to +-1 (1 - tanh 10 = 4e-9) and e^(2|z|) stays finite. */
  public static final float TANH_SATURATION = 10f;

  /** From |z| = 200, e^|z| is infinite, so sigmoid(-|z|) = 0 and |z| stays finite. */
  public static final float SWISH_SATURATION = 200f;

  /**
   * From |z| = 16 the Gaussian factor e^(-z^2/2) of gelu is zero in float and e^w of geluTanh
   * infinite; clamping there keeps z^2 finite, so that 0 * z is 0 and never NaN.
   */
  public static final float GELU_SATURATION = 16f;

  /** 2 sqrt(2 / pi): geluTanh(z) = z sigmoid(2 sqrt(2/pi) (z + 0.044715 z^3)). */
  public static final float TWICE_SQRT_TWO_OVER_PI = 1.5957692f;

  /** 2 sqrt(2 / pi) - TWICE_SQRT_TWO_OVER_PI, rounded. */
  public static final float TWICE_SQRT_TWO_OVER_PI_LOW = -4.534068E-8f;

  /** The cubic coefficient 0.044715 of the tanh approximation, rounded to float... */
  public static final float GELU_TANH_CUBIC = 0.044715f;

  /** ...and the rest, 0.044715 - GELU_TANH_CUBIC, rounded. */
  public static final float GELU_TANH_CUBIC_LOW = 1.5461444E-9f;

  private FastActivations() {}

  /** e^x within 1 ulp; exp(-inf) = 0, exp(inf) = inf, NaN gives NaN. */
  public static float exp(float x) {
    float y = atLeast(atMost(x, EXP_HIGH), EXP_LOW);
    float k = (y * LOG2_E + ROUNDING_SHIFT) - ROUNDING_SHIFT;
    return timesPowerOfTwo(expOfReduced(Math.fma(k, -LN2_LOW, Math.fma(k, -LN2_HIGH, y))), k);
  }

  /** 1 / (1 + e^-z) within 2 ulp, in [0, 1]; see the class comment for tiny results. */
  public static float sigmoid(float z) {
    return reciprocalOfOnePlus(exp(-z));
  }

  /** tanh z within 2 ulp, odd, in [-1, 1]: (e^(2|z|) - 1) / (e^(2|z|) + 1) with the sign of z. */
  public static float tanh(float z) {
    float a = Math.min(Math.abs(z), TANH_SATURATION);
    float e = expm1(2 * a);
    float denominator = e + 2;
    float quotient = e / denominator;
    // e / (denominator + error), error the rounding error of e + 2; 1 / denominator = (1 - q) / 2.
    float error = twoSumError(e, 2, denominator);
    return Math.copySign(Math.fma(-quotient * error, 0.5f * (1 - quotient), quotient), z);
  }

  /**
   * z sigmoid(z) within 2 ulp, as max(z, -0) - |z| / (1 + e^|z|) so that no product of infinity and
   * zero arises: swish(-inf) = -0, swish(inf) = inf.
   */
  public static float swish(float z) {
    float a = Math.min(Math.abs(z), SWISH_SATURATION);
    return Math.max(z, -0f) - quotientByOnePlus(a, exp(a));
  }

  /**
   * z Phi(z) with the normal distribution function Phi, as max(z, 0) - |z| Phi(-|z|): the tail
   * Phi(-a) = e^(-a^2/2) H(a) with e^(-a^2/2) from an exact split of a^2/2 and H(a) = t P(t), P a
   * polynomial in t = 1 / (1 + a/2), so gelu keeps its relative accuracy far into the negative
   * tail.
   */
  public static float gelu(float z) {
    float a = Math.min(Math.abs(z), GELU_SATURATION);
    float half = 0.5f * a;
    float square = a * half;
    float gaussian = exp(-square, -Math.fma(a, half, -square));
    // t = 1 / (1 + a/2) as t + tLow: d + dLow = 1 + a/2 exactly, 1 - t d exactly by an fma.
    float d = half + 1;
    float dLow = half - (d - 1);
    float t = 1 / d;
    float tLow = t * (Math.fma(-t, d, 1) - t * dLow);
    float g = normalTailOverT(Math.fma(t, 2.25f, Math.fma(tLow, 2.25f, -1.25f)));
    float tail = gaussian * Math.fma(t, g, tLow * g);
    return Math.fma(-a, tail, Math.max(z, -0f));
  }

  /**
   * z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))) = z sigmoid(w(z)), as max(z, 0) - |z|
   * sigmoid(-w(|z|)) (w is odd), without the cancellation of 1 + tanh for negative z.
   */
  public static float geluTanh(float z) {
    float a = Math.min(Math.abs(z), GELU_SATURATION);
    // w = C a (1 + K a^2) in two floats, w + wLow, since e^w turns an absolute error of w into a
    // relative error of the result: rounding w alone would cost |w| / 2 ulp (40 ulp at z = -10).
    float square = a * a;
    float squareLow = Math.fma(a, a, -square);
    float cubic = GELU_TANH_CUBIC * square;
    float cubicLow =
        Math.fma(GELU_TANH_CUBIC, square, -cubic)
            + Math.fma(GELU_TANH_CUBIC, squareLow, GELU_TANH_CUBIC_LOW * square);
    float factor = 1 + cubic;
    float factorLow = twoSumError(1, cubic, factor) + cubicLow;
    float linear = TWICE_SQRT_TWO_OVER_PI * a;
    float linearLow = Math.fma(TWICE_SQRT_TWO_OVER_PI, a, -linear) + TWICE_SQRT_TWO_OVER_PI_LOW * a;
    float w = linear * factor;
    float wLow = Math.fma(linear, factor, -w) + Math.fma(linear, factorLow, linearLow * factor);
    return Math.fma(-a, reciprocalOfOnePlus(exp(w, wLow)), Math.max(z, -0f));
  }

  /** 1 / (1 + e) for e >= 0; see {@link #quotientByOnePlus}. */
  private static float reciprocalOfOnePlus(float e) {
    return quotientByOnePlus(1, e);
  }

  /**
   * y / (1 + e) for finite y and e >= 0, without the rounding error of d = 1 + e: y / (d + error) =
   * q - q error / d to first order, q = y / d. The error is taken from e clamped to 2^100 (where
   * the correction is 0 anyway), so that e = infinity gives 0, not NaN.
   */
  private static float quotientByOnePlus(float y, float e) {
    float denominator = 1 + e;
    float quotient = y / denominator;
    float error = twoSumError(1, atMost(e, 0x1p100f), atMost(denominator, 0x1p100f));
    return Math.fma(-quotient * (1 / denominator), error, quotient);
  }

  /** (x + y) - sum exactly, for sum = x + y rounded (Knuth's TwoSum, no branch on the order). */
  private static float twoSumError(float x, float y, float sum) {
    float yPart = sum - x;
    return (x - (sum - yPart)) + (y - yPart);
  }

  /**
   * e^(x + low) for a small correction {@code low} (below an ulp of x): x = k ln 2 + r with k an
   * integer and |r| <= ln(2)/2, e^r = 1 + r + r^2 q(r), times 2^k. {@link #exp(float)} is this
   * with low = 0, without the addition of 0 (which C2 may not drop, since -0 + 0 is +0; here both
   * give the same bits, as e^r - 1 is +0 for r = -0 and for r = +0).
   */
  private static float exp(float x, float low) {
    float y = atLeast(atMost(x, EXP_HIGH), EXP_LOW);
    float k = (y * LOG2_E + ROUNDING_SHIFT) - ROUNDING_SHIFT;
    float r = Math.fma(k, -LN2_LOW, Math.fma(k, -LN2_HIGH, y)) + low;
    return timesPowerOfTwo(expOfReduced(r), k);
  }

  /** e^r - 1 for |r| <= 0.347 (a little beyond ln(2)/2): r + r^2 q(r). */
  private static float expOfReduced(float r) {
    return Math.fma(r * r, expRemainder(r), r);
  }

  /**
   * (1 + expm1) 2^k for an integer k in [-150, 128]. Where 2^k is a normal float it is one
   * multiplication; below (subnormal results) and at k = 128, 2^k is applied as two exact powers of
   * two. Both round the exact product once, so they give the same bits wherever both apply; the
   * branch is taken only for results below 1.2e-38 or infinite, so in a chain of calls it is
   * predicted and costs one multiplication less on the way to the result.
   */
  private static float timesPowerOfTwo(float expm1, float k) {
    int n = (int) k;
    if (n >= -126 && n <= 127) {
      return (1 + expm1) * powerOfTwo(n);
    }
    int half = n >> 1;
    return (1 + expm1) * powerOfTwo(half) * powerOfTwo(n - half);
  }

  /** Math.min(x, limit) for a positive limit (NaN gives NaN), as a compare: see the class comment. */
  private static float atMost(float x, float limit) {
    return x > limit ? limit : x;
  }

  /** Math.max(x, limit) for a negative limit (NaN gives NaN), as a compare: see the class comment. */
  private static float atLeast(float x, float limit) {
    return x < limit ? limit : x;
  }

  /**
   * e^x - 1 for x in [0, 20]: 2^k expm1(r) + (2^k - 1) with one rounding; 2^k - 1 is exact up to k
   * = 24 and within 2^-29 relative up to k = 29.
   */
  private static float expm1(float x) {
    float k = (x * LOG2_E + ROUNDING_SHIFT) - ROUNDING_SHIFT;
    float r = Math.fma(k, -LN2_LOW, Math.fma(k, -LN2_HIGH, x));
    float expm1 = expOfReduced(r);
    float scale = powerOfTwo((int) k);
    return Math.fma(scale, expm1, scale - 1);
  }

  /** 2^n for n in [-126, 127]. */
  private static float powerOfTwo(int n) {
    return Float.intBitsToFloat((n + 127) << 23);
  }

  // ---------------------------------------------------------------------------------------------
  // Polynomials derived by FastPolynomialFitGenerator (test sources): Remez minimax fits, rounded
  // to float and evaluated with fused multiply-adds.

  /**
   * (e^r - 1 - r) / r^2 for |r| <= 0.347: degree 5, error weighted by r^2 / (e^r - 1) (the error it
   * causes in e^r - 1, relative) 2.4e-10.
   */
  private static float expRemainder(float r) {
    float p = 1.9845887E-4f;
    p = Math.fma(p, r, 0.0013940744f);
    p = Math.fma(p, r, 0.00833339f);
    p = Math.fma(p, r, 0.04166636f);
    p = Math.fma(p, r, 0.16666666f);
    return Math.fma(p, r, 0.5f);
  }

  /**
   * H(a) / t with H(a) = e^(a^2/2) erfc(a / sqrt 2) / 2, a in [0, 16], written in t = 1 / (1 + a/2)
   * in [1/9, 1] and v = 2.25 t - 1.25 in [-1, 1]: degree 11, relative error 3.0e-9. H(a) / t falls
   * only from 0.5 to 0.22 over the interval, so the Horner sums hardly cancel.
   */
  private static float normalTailOverT(float v) {
    float p = 9.196378E-6f;
    p = Math.fma(p, v, -1.0581841E-5f);
    p = Math.fma(p, v, -4.459765E-5f);
    p = Math.fma(p, v, 1.2370026E-4f);
    p = Math.fma(p, v, -3.4647666E-5f);
    p = Math.fma(p, v, -5.72679E-4f);
    p = Math.fma(p, v, 0.0014651095f);
    p = Math.fma(p, v, 8.987093E-4f);
    p = Math.fma(p, v, -0.012695993f);
    p = Math.fma(p, v, 0.006562158f);
    p = Math.fma(p, v, 0.14953166f);
    return Math.fma(p, v, 0.35476795f);
  }
}
