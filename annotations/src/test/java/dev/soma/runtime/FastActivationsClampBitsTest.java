package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FastActivations} clamps e^x's argument and the division 1 / (1 + e) with compares, drops
 * the addition of a zero correction and multiplies by 2^k once where 2^k is normal, to shorten the
 * chain of dependent instructions. The lane-wise (Vector API) form the processor generates
 * computes each lane with {@code Math.min}/{@code Math.max} and two powers of two, and must give
 * the same bits. This test holds exp, sigmoid and swish to the bits of that earlier formulation,
 * written out below with the same constants, on every float near the places where the two could
 * differ (the clamps, the subnormal and overflow thresholds of 2^k, -0) and on a stride over all
 * floats.
 */
class FastActivationsClampBitsTest {
  /** The earlier e^(x + low): Math.min/Math.max clamps, 2^k always as two powers of two. */
  private static float referenceExp(float x, float low) {
    float y = Math.max(FastActivations.EXP_LOW, Math.min(FastActivations.EXP_HIGH, x));
    float k =
        (y * FastActivations.LOG2_E + FastActivations.ROUNDING_SHIFT)
            - FastActivations.ROUNDING_SHIFT;
    float r =
        Math.fma(k, -FastActivations.LN2_LOW, Math.fma(k, -FastActivations.LN2_HIGH, y)) + low;
    // The degree-5 minimax polynomial of FastActivations (coefficients from its source).
    float p = 1.9845887E-4f;
    p = Math.fma(p, r, 0.0013940744f);
    p = Math.fma(p, r, 0.00833339f);
    p = Math.fma(p, r, 0.04166636f);
    p = Math.fma(p, r, 0.16666666f);
    p = Math.fma(p, r, 0.5f);
    float expm1 = Math.fma(r * r, p, r);
    int n = (int) k;
    int half = n >> 1;
    return (1 + expm1) * twoTo(half) * twoTo(n - half);
  }

  private static float twoTo(int n) {
    return Float.intBitsToFloat((n + 127) << 23);
  }

  /** The earlier y / (1 + e) with Math.min clamps. */
  private static float referenceQuotient(float y, float e) {
    float denominator = 1 + e;
    float quotient = y / denominator;
    float clampedSum = Math.min(denominator, 0x1p100f);
    float clampedE = Math.min(e, 0x1p100f);
    float ePart = clampedSum - 1;
    float error = (1 - (clampedSum - ePart)) + (clampedE - ePart);
    return Math.fma(-quotient * (1 / denominator), error, quotient);
  }

  private static void assertSameBits(float z) {
    assertBits(referenceExp(z, 0), FastActivations.exp(z), "exp", z);
    assertBits(referenceQuotient(1, referenceExp(-z, 0)), FastActivations.sigmoid(z), "sigmoid", z);
    float a = Math.min(Math.abs(z), FastActivations.SWISH_SATURATION);
    assertBits(
        Math.max(z, -0f) - referenceQuotient(a, referenceExp(a, 0)),
        FastActivations.swish(z),
        "swish",
        z);
  }

  private static void assertBits(float expected, float actual, String function, float z) {
    assertEquals(
        Float.floatToIntBits(expected),
        Float.floatToIntBits(actual),
        () -> function + "(" + z + "): " + actual + ", earlier form " + expected);
  }

  @Test
  void givesTheBitsOfTheMinMaxFormNearEveryThreshold() {
    // exp's clamps, the ends of normal 2^k (k = -126 and 127 switch near x = -87.0 and 88.4), its
    // overflow, the 2^100 clamp of the division (e^69.3), and both signs of each.
    float[] thresholds = {
      -104f, 89f, 88.72284f, -87.33654f, -87.0f, 88.37627f, 69.31472f, -103.27893f, 0f, 1f
    };
    for (float t : thresholds) {
      for (float center : new float[] {t, -t}) {
        float z = center;
        for (int i = 0; i < 4096; i++) {
          z = Math.nextDown(z);
        }
        for (int i = 0; i <= 8192; i++) {
          assertSameBits(z);
          z = Math.nextUp(z);
        }
      }
    }
    float[] specials = {
      -0f, 0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
      -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE
    };
    for (float z : specials) {
      assertSameBits(z);
    }
  }

  @Test
  void givesTheBitsOfTheMinMaxFormOverTheFloatRange() {
    for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += 251) {
      assertSameBits(Float.intBitsToFloat((int) bits));
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 1 << 20; i++) {
      assertSameBits((float) random.nextDouble(-120, 120));
    }
  }
}
