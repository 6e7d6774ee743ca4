package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.runtime.FastActivationsAccuracyTest.FloatFunction;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** NaN, infinities, signed zeros, ranges and symmetry of {@link FastActivations}. */
class FastActivationsSpecialValuesTest {
  private static final float INF = Float.POSITIVE_INFINITY;

  /** Each function with its exact values at +infinity, -infinity, +0 and -0. */
  static Stream<Arguments> limits() {
    return Stream.of(
        limits("exp", FastActivations::exp, INF, 0f, 1f, 1f),
        limits("sigmoid", FastActivations::sigmoid, 1f, 0f, 0.5f, 0.5f),
        limits("tanh", FastActivations::tanh, 1f, -1f, 0f, -0f),
        limits("swish", FastActivations::swish, INF, -0f, 0f, -0f),
        limits("gelu", FastActivations::gelu, INF, -0f, 0f, -0f),
        limits("geluTanh", FastActivations::geluTanh, INF, -0f, 0f, -0f));
  }

  private static Arguments limits(
      String name,
      FloatFunction function,
      float plusInfinity,
      float minusInfinity,
      float... zeros) {
    return Arguments.of(name, function, plusInfinity, minusInfinity, zeros[0], zeros[1]);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void hasExactLimitsAndZerosAndPropagatesNaN(
      String name,
      FloatFunction function,
      float atPlusInfinity,
      float atMinusInfinity,
      float atZero,
      float atMinusZero) {
    assertEquals(atPlusInfinity, function.apply(INF), name + "(inf)");
    assertEquals(atMinusInfinity, function.apply(-INF), name + "(-inf)");
    // assertEquals(float, float) tells -0 from 0, as Float.equals does.
    assertEquals(atZero, function.apply(0f), name + "(0)");
    assertEquals(atMinusZero, function.apply(-0f), name + "(-0)");
    assertTrue(Float.isNaN(function.apply(Float.NaN)), name + "(NaN)");
    assertTrue(Float.isNaN(function.apply(Float.intBitsToFloat(0xffc01234))), name + "(-NaN)");
  }

  @Test
  void saturatesAtTheLargestFloatsWithoutNaN() {
    float max = Float.MAX_VALUE;
    assertEquals(INF, FastActivations.exp(max));
    assertEquals(0f, FastActivations.exp(-max));
    assertEquals(1f, FastActivations.sigmoid(max));
    assertEquals(0f, FastActivations.sigmoid(-max));
    assertEquals(1f, FastActivations.tanh(max));
    assertEquals(-1f, FastActivations.tanh(-max));
    assertEquals(max, FastActivations.swish(max));
    assertEquals(-0f, FastActivations.swish(-max));
    assertEquals(max, FastActivations.gelu(max));
    assertEquals(-0f, FastActivations.gelu(-max));
    assertEquals(max, FastActivations.geluTanh(max));
    assertEquals(-0f, FastActivations.geluTanh(-max));
  }

  @Test
  void expIsExactAtZeroAndOverflowsAndUnderflowsWhereFloatDoes() {
    assertEquals(1f, FastActivations.exp(0f));
    // e^88.72283 = 3.40279e38 is below Float.MAX_VALUE; e^88.72284 rounds to infinity.
    assertTrue(Float.isFinite(FastActivations.exp(88.72283f)));
    assertEquals(INF, FastActivations.exp(88.7229f));
    // e^-103.972 = 7.0e-46 is about half of Float.MIN_VALUE; further below it rounds to 0.
    assertEquals(Float.MIN_VALUE, FastActivations.exp(-103.5f));
    assertEquals(0f, FastActivations.exp(-104.5f));
    // Subnormal results: e^-100 = 3.72e-44 is 26.6 times Float.MIN_VALUE.
    assertEquals(27 * Float.MIN_VALUE, FastActivations.exp(-100f));
  }

  @Test
  void sigmoidStaysInTheUnitIntervalAndTanhIsOddAndBounded() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      float z =
          i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) random.nextDouble(-30, 30);
      if (Float.isNaN(z)) {
        continue;
      }
      float sigmoid = FastActivations.sigmoid(z);
      assertTrue(sigmoid >= 0 && sigmoid <= 1, () -> "sigmoid(" + z + ") = " + sigmoid);
      float tanh = FastActivations.tanh(z);
      assertTrue(tanh >= -1 && tanh <= 1, () -> "tanh(" + z + ") = " + tanh);
      assertEquals(-tanh, FastActivations.tanh(-z), () -> "tanh(-" + z + ")");
      assertTrue(FastActivations.exp(z) >= 0, () -> "exp(" + z + ")");
    }
  }

  @Test
  void tinyArgumentsGiveTheFirstOrderTerms() {
    float z = 1e-20f;
    assertEquals(z, FastActivations.tanh(z));
    assertEquals(-z, FastActivations.tanh(-z));
    assertEquals(0.5f, FastActivations.sigmoid(z));
    assertEquals(z / 2, FastActivations.swish(z));
    assertEquals(z / 2, FastActivations.gelu(z), Math.ulp(z));
    assertEquals(z / 2, FastActivations.geluTanh(z), Math.ulp(z));
    assertEquals(Float.MIN_VALUE, FastActivations.tanh(Float.MIN_VALUE));
  }

  @Test
  void matchesHandComputedValues() {
    // sigmoid(1) = 0.7310585786300049, tanh(0.5) = 0.46211715726000974, e = 2.718281828459045,
    // gelu(1) = Phi(1) = 0.8413447460685429, swish(2) = 2 sigmoid(2) = 1.7615941559557646,
    // geluTanh(1) = sigmoid(1.5957691216057308 * 1.044715) = 0.8411919906082768.
    assertEquals(0.7310585786300049, FastActivations.sigmoid(1f), 2 * Math.ulp(0.73f));
    assertEquals(0.46211715726000974, FastActivations.tanh(0.5f), 2 * Math.ulp(0.46f));
    assertEquals(2.718281828459045, FastActivations.exp(1f), Math.ulp(2.7f));
    assertEquals(0.8413447460685429, FastActivations.gelu(1f), 4 * Math.ulp(0.84f));
    assertEquals(1.7615941559557646, FastActivations.swish(2f), 2 * Math.ulp(1.76f));
    assertEquals(0.8411919906082768, FastActivations.geluTanh(1f), 3 * Math.ulp(0.84f));
  }
}
