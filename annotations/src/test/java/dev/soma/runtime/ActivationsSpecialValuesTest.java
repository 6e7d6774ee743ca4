package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN, infinities, the largest values, signed zeros, and the hand-computed values of the lecture.
 */
class ActivationsSpecialValuesTest {
  private static final double ALPHA = 0.01;
  private static final float ALPHA_F = 0.01f;

  /** A float function, for the float overloads. */
  interface FloatFunction {
    float apply(float z);
  }

  /**
   * Each function with its limits at +infinity and -infinity; the same values are the correctly
   * rounded results at +-Double.MAX_VALUE and +-Float.MAX_VALUE, except where the function is
   * unbounded (then it is z itself, or alpha z).
   */
  static Stream<Arguments> functions() {
    double inf = Double.POSITIVE_INFINITY;
    return Stream.of(
        function("step", Activations::step, Activations::step, 1, 0),
        function("stepDerivative", Activations::stepDerivative, Activations::stepDerivative, 0, 0),
        function("sigmoid", Activations::sigmoid, Activations::sigmoid, 1, 0),
        function(
            "sigmoidDerivative",
            Activations::sigmoidDerivative,
            Activations::sigmoidDerivative,
            0,
            0),
        function("tanh", Activations::tanh, Activations::tanh, 1, -1),
        function("tanhDerivative", Activations::tanhDerivative, Activations::tanhDerivative, 0, 0),
        function("relu", Activations::relu, Activations::relu, inf, 0),
        function("reluDerivative", Activations::reluDerivative, Activations::reluDerivative, 1, 0),
        function(
            "leakyRelu",
            z -> Activations.leakyRelu(z, ALPHA),
            z -> Activations.leakyRelu(z, ALPHA_F),
            inf,
            -inf),
        function(
            "leakyReluDerivative",
            z -> Activations.leakyReluDerivative(z, ALPHA),
            z -> Activations.leakyReluDerivative(z, ALPHA_F),
            1,
            ALPHA),
        function("swish", Activations::swish, Activations::swish, inf, -0.0),
        function(
            "swishDerivative", Activations::swishDerivative, Activations::swishDerivative, 1, 0),
        function("gelu", Activations::gelu, Activations::gelu, inf, -0.0),
        function("geluDerivative", Activations::geluDerivative, Activations::geluDerivative, 1, 0),
        function("geluTanh", Activations::geluTanh, Activations::geluTanh, inf, -0.0),
        function(
            "geluTanhDerivative",
            Activations::geluTanhDerivative,
            Activations::geluTanhDerivative,
            1,
            0),
        function("erf", Activations::erf, Activations::erf, 1, -1),
        function("erfc", Activations::erfc, Activations::erfc, 0, 2));
  }

  private static Arguments function(
      String name,
      DoubleUnaryOperator ofDouble,
      FloatFunction ofFloat,
      double atPlus,
      double atMinus) {
    return Arguments.of(name, ofDouble, ofFloat, atPlus, atMinus);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void nanGivesNaN(String name, DoubleUnaryOperator ofDouble, FloatFunction ofFloat) {
    assertTrue(Double.isNaN(ofDouble.applyAsDouble(Double.NaN)), name);
    assertTrue(Float.isNaN(ofFloat.apply(Float.NaN)), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void infinitiesGiveTheLimits(
      String name,
      DoubleUnaryOperator ofDouble,
      FloatFunction ofFloat,
      double atPlus,
      double atMinus) {
    // Delta 0: the sign of a zero limit is not checked here (see signedZeros... below).
    assertEquals(atPlus, ofDouble.applyAsDouble(Double.POSITIVE_INFINITY), 0, name + "(+inf)");
    assertEquals(atMinus, ofDouble.applyAsDouble(Double.NEGATIVE_INFINITY), 0, name + "(-inf)");
    assertEquals((float) atPlus, ofFloat.apply(Float.POSITIVE_INFINITY), 0, name + "(+inf f)");
    assertEquals((float) atMinus, ofFloat.apply(Float.NEGATIVE_INFINITY), 0, name + "(-inf f)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void largestValuesSaturateWithoutOverflowOrNaN(
      String name,
      DoubleUnaryOperator ofDouble,
      FloatFunction ofFloat,
      double atPlus,
      double atMinus) {
    double max = Double.MAX_VALUE;
    float maxF = Float.MAX_VALUE;
    assertEquals(saturatedDouble(atPlus, max), ofDouble.applyAsDouble(max), 0, name);
    assertEquals(saturatedDouble(atMinus, -max), ofDouble.applyAsDouble(-max), 0, name);
    assertEquals(saturatedFloat(atPlus, maxF), ofFloat.apply(maxF), 0, name + " f");
    assertEquals(saturatedFloat(atMinus, -maxF), ofFloat.apply(-maxF), 0, name + " f");
  }

  private static double saturatedDouble(double limit, double z) {
    return limit == Double.POSITIVE_INFINITY
        ? z
        : limit == Double.NEGATIVE_INFINITY ? ALPHA * z : limit;
  }

  private static float saturatedFloat(double limit, float z) {
    return limit == Double.POSITIVE_INFINITY
        ? z
        : limit == Double.NEGATIVE_INFINITY ? ALPHA_F * z : (float) limit;
  }

  /** Values from the lecture, and ones that follow by hand from the definitions. */
  static Stream<Arguments> handValues() {
    return Stream.of(
        hand("sigmoid(0)", () -> Activations.sigmoid(0.0), 0.5),
        hand("sigmoid(ln 3) = 3 / (3 + 1)", () -> Activations.sigmoid(Math.log(3)), 0.75),
        hand("tanh(0)", () -> Activations.tanh(0.0), 0),
        hand("tanh(ln 2) = (4 - 1) / (4 + 1)", () -> Activations.tanh(Math.log(2)), 0.6),
        hand("relu(-2)", () -> Activations.relu(-2.0), 0),
        hand("relu(3)", () -> Activations.relu(3.0), 3),
        hand("step(0)", () -> Activations.step(0.0), 0),
        hand("step(0.1)", () -> Activations.step(0.1), 1),
        hand("leakyRelu(-2, 0.01)", () -> Activations.leakyRelu(-2.0, 0.01), -0.02),
        hand("swish(0)", () -> Activations.swish(0.0), 0),
        hand("swish(ln 3) = ln 3 * 3/4", () -> Activations.swish(Math.log(3)), 0.75 * Math.log(3)),
        hand("gelu(0)", () -> Activations.gelu(0.0), 0),
        // Phi(1) = 0.8413447460685429486 (normal table; mpmath ncdf(1)).
        hand("gelu(1) = Phi(1)", () -> Activations.gelu(1.0), 0.8413447460685429),
        hand("geluTanh(0)", () -> Activations.geluTanh(0.0), 0),
        hand("erf(0)", () -> Activations.erf(0.0), 0),
        hand("sigmoidDerivative(0) = 1/4", () -> Activations.sigmoidDerivative(0.0), 0.25),
        hand("tanhDerivative(0)", () -> Activations.tanhDerivative(0.0), 1),
        hand(
            "tanhDerivative(ln 2) = 1 - 0.36", () -> Activations.tanhDerivative(Math.log(2)), 0.64),
        hand("swishDerivative(0) = 1/2", () -> Activations.swishDerivative(0.0), 0.5),
        hand("geluDerivative(0) = Phi(0)", () -> Activations.geluDerivative(0.0), 0.5),
        hand("geluTanhDerivative(0)", () -> Activations.geluTanhDerivative(0.0), 0.5),
        hand("reluDerivative(0)", () -> Activations.reluDerivative(0.0), 0),
        hand("reluDerivative(2)", () -> Activations.reluDerivative(2.0), 1),
        hand(
            "leakyReluDerivative(0, 0.01)", () -> Activations.leakyReluDerivative(0.0, 0.01), 0.01),
        hand("stepDerivative(0)", () -> Activations.stepDerivative(0.0), 0));
  }

  private static Arguments hand(String what, DoubleSupplier value, double expected) {
    return Arguments.of(what, value, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handValues")
  void handValuesHold(String what, DoubleSupplier value, double expected) {
    assertEquals(expected, value.getAsDouble(), 2 * Math.ulp(expected), what);
  }

  @Test
  void signedZerosAreKeptWhereTheFunctionIsOdd() {
    assertEquals(-0.0, Activations.swish(Double.NEGATIVE_INFINITY));
    assertEquals(-0.0f, Activations.gelu(Float.NEGATIVE_INFINITY));
    assertEquals(-0.0, Activations.geluTanh(-1000.0));
    assertEquals(-0.0, Activations.tanh(-0.0));
    assertEquals(-0.0f, Activations.tanh(-0.0f));
    assertEquals(-0.0, Activations.erf(-0.0));
    assertEquals(-0.0, Activations.swish(-0.0));
    assertEquals(-0.0, Activations.gelu(-0.0));
    assertEquals(-0.0, Activations.geluTanh(-0.0));
    assertEquals(0.0, Activations.relu(-0.0));
    assertEquals(0.0, Activations.step(-0.0));
    assertEquals(0.5, Activations.sigmoid(-0.0));
  }

  @Test
  void tinyArgumentsGiveTheFirstOrderValue() {
    assertEquals(Double.MIN_VALUE, Activations.tanh(Double.MIN_VALUE));
    assertEquals(-1e-300, Activations.tanh(-1e-300));
    assertEquals(Float.MIN_VALUE, Activations.tanh(Float.MIN_VALUE));
    assertEquals(0.5, Activations.sigmoid(Double.MIN_VALUE));
    assertEquals(0.5e-300, Activations.swish(1e-300));
    assertEquals(0.5e-300, Activations.gelu(1e-300));
  }
}
