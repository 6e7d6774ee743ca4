package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of {@link FastActivations} against a double reference (the {@code double}
 * functions of {@link Activations}, themselves checked against 50-digit references in {@link
 * ActivationsAccuracyTest}, and {@link Math#exp}), with the error bounds stated in the class
 * comment of {@link FastActivations}. Exhaustive testing of all 2^32 floats takes minutes per
 * function, so each function is evaluated on: every 61st float of magnitude 2^-40 to 128 of both
 * signs (about 10 million arguments), every float within 2048 ulps of each break point
 * (range-reduction switches k ln 2 / 2, the clamps, overflow and underflow thresholds), 2^18
 * uniformly random float bit patterns (NaN and infinities included), and every 2^16th float over
 * the whole range.
 */
class FastActivationsAccuracyTest {
  /** Results smaller than this in magnitude are compared in absolute terms. */
  static final double TINY = 1e-36;

  /** A float function under test. */
  interface FloatFunction {
    float apply(float z);
  }

  /** A function, its double reference, its error bound in ulps (of z) and its break points. */
  record Case(
      String name,
      FloatFunction fast,
      DoubleUnaryOperator reference,
      DoubleUnaryOperator ulps,
      double[] breaks) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("exp", FastActivations::exp, Math::exp, z -> 1, expBreaks(1)),
        new Case("sigmoid", FastActivations::sigmoid, Activations::sigmoid, z -> 2, expBreaks(-1)),
        new Case("tanh", FastActivations::tanh, Activations::tanh, z -> 2, tanhBreaks()),
        new Case(
            "swish",
            FastActivations::swish,
            Activations::swish,
            z -> 2,
            DoubleStream.concat(Arrays.stream(expBreaks(1)), Arrays.stream(expBreaks(-1)))
                .toArray()),
        new Case("gelu", FastActivations::gelu, Activations::gelu, z -> 4.5, geluBreaks()),
        new Case(
            "geluTanh", FastActivations::geluTanh, Activations::geluTanh, z -> 3, geluBreaks()));
  }

  /** Where e^(sign z) switches k in its reduction, overflows or underflows. */
  private static double[] expBreaks(int sign) {
    double[] breaks = new double[300];
    int i = 0;
    for (int k = -151; k <= 128; k++) {
      breaks[i++] = sign * (k + 0.5) * Math.log(2);
    }
    double[] ends = {88.72283935546875, -87.33654, -103.27893, -104, 89, 0, 1, -1, 2, -2};
    for (double end : ends) {
      breaks[i++] = sign * end;
    }
    return Arrays.copyOf(breaks, i);
  }

  /** Where e^(2|z|) switches k, and the clamp at |z| = 10. */
  private static double[] tanhBreaks() {
    double[] breaks = new double[64];
    int i = 0;
    for (int k = 0; k < 30; k++) {
      breaks[i++] = (k + 0.5) * Math.log(2) / 2;
      breaks[i++] = -(k + 0.5) * Math.log(2) / 2;
    }
    breaks[i++] = 10;
    breaks[i++] = -10;
    breaks[i++] = 9.01;
    breaks[i++] = 0;
    return breaks;
  }

  /** Where e^(-z^2/2) switches k, the clamp at |z| = 16, and near the origin. */
  private static double[] geluBreaks() {
    double[] breaks = new double[80];
    int i = 0;
    for (int k = 0; k < 36; k++) {
      double z = Math.sqrt(2 * (k + 0.5) * Math.log(2));
      breaks[i++] = z;
      breaks[i++] = -z;
    }
    double[] ends = {16, -16, 0, 1, -1, 2, -2, -10};
    for (double end : ends) {
      breaks[i++] = end;
    }
    return Arrays.copyOf(breaks, i);
  }

  /** The worst error seen: in ulps where the result is not tiny, and where. */
  static final class Worst {
    final Case function;
    double ulps;
    float at;
    long checked;

    Worst(Case function) {
      this.function = function;
    }

    void check(float z) {
      checked++;
      float computed = function.fast().apply(z);
      double exact = function.reference().applyAsDouble(z);
      if (Double.isNaN(exact)) {
        assertTrue(Float.isNaN(computed), () -> function + "(" + z + ") = " + computed);
        return;
      }
      float rounded = (float) exact;
      if (Float.isInfinite(rounded)) {
        assertEquals(rounded, computed, () -> function + "(" + z + ")");
        return;
      }
      if (Math.abs(exact) < TINY) {
        assertTrue(
            Math.abs(computed - exact) <= TINY,
            () -> function + "(" + z + ") = " + computed + ", exact " + exact);
        return;
      }
      double error = Math.abs(computed - exact) / Math.ulp(rounded);
      double bound = function.ulps().applyAsDouble(z);
      assertTrue(
          error <= bound,
          () ->
              function + "(" + z + ") = " + computed + ", exact " + exact + ", " + error + " ulp");
      if (error > ulps) {
        ulps = error;
        at = z;
      }
    }

    /** Every stride-th float from |from| to |to| (bit patterns), both signs. */
    void sweep(float from, float to, int stride) {
      int end = Float.floatToRawIntBits(to);
      for (int bits = Float.floatToRawIntBits(from); bits <= end; bits += stride) {
        float z = Float.intBitsToFloat(bits);
        check(z);
        check(-z);
      }
    }

    /** Every float within {@code radius} ulps of {@code center}. */
    void around(double center, int radius) {
      float c = (float) center;
      float z = c;
      for (int i = 0; i < radius; i++) {
        z = Math.nextDown(z);
      }
      for (int i = 0; i <= 2 * radius; i++) {
        check(z);
        z = Math.nextUp(z);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void isWithinItsBoundOverTheFloatRange(Case function) {
    Worst worst = new Worst(function);
    worst.sweep(0x1p-40f, 128f, 61);
    worst.sweep(Float.MIN_VALUE, Float.MAX_VALUE, 1 << 16);
    for (double center : function.breaks()) {
      worst.around(center, 2048);
    }
    SplittableRandom random = new SplittableRandom(10);
    for (int i = 0; i < 1 << 18; i++) {
      worst.check(Float.intBitsToFloat(random.nextInt()));
      worst.check((float) random.nextDouble(-20, 20));
    }
    System.out.printf(
        "%s: largest error %.3f ulp at %s (%d arguments)%n",
        function, worst.ulps, worst.at, worst.checked);
  }
}
