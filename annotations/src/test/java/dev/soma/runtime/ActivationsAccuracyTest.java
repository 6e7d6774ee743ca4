package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every smooth activation and derivative, double and float overloads, against a {@link BigMath}
 * reference at a grid over [-40, 40] and at tiny, subnormal, switch-over and huge arguments.
 */
class ActivationsAccuracyTest {
  private static final MathContext MC = BigMath.MC;
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigDecimal SQRT_TWO_OVER_PI = TWO.divide(BigMath.pi(), MC).sqrt(MC);
  private static final BigDecimal GELU_TANH_CUBIC = new BigDecimal("0.044715");

  /** A float function, for the float overloads. */
  interface FloatFunction {
    float apply(float z);
  }

  /**
   * A function under test: its reference, and the error bounds stated in the class Javadoc of
   * {@link Activations}: in ulps (a function of z), or, for derivatives that cross zero, in
   * absolute terms.
   */
  record Case(
      String name,
      DoubleUnaryOperator ofDouble,
      FloatFunction ofFloat,
      UnaryOperator<BigDecimal> reference,
      DoubleUnaryOperator doubleUlps,
      double absolute) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Absolute error allowed for |z| < 3, where the derivatives of swish and GELU cross zero and a
   * relative bound cannot hold: four ulps of 1/2.
   */
  private static final double NEAR_ZERO = 4.5e-16;

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "sigmoid", Activations::sigmoid, Activations::sigmoid, BigMath::sigmoid, ulps(2.5), 0),
        new Case(
            "sigmoidDerivative",
            Activations::sigmoidDerivative,
            Activations::sigmoidDerivative,
            ActivationsAccuracyTest::sigmoidDerivative,
            ulps(5),
            0),
        new Case("tanh", Activations::tanh, Activations::tanh, BigMath::tanh, ulps(1.5), 0),
        new Case(
            "tanhDerivative",
            Activations::tanhDerivative,
            Activations::tanhDerivative,
            ActivationsAccuracyTest::tanhDerivative,
            ulps(5),
            0),
        new Case(
            "swish",
            Activations::swish,
            Activations::swish,
            z -> z.multiply(BigMath.sigmoid(z)),
            ulps(3),
            0),
        new Case(
            "swishDerivative",
            Activations::swishDerivative,
            Activations::swishDerivative,
            z -> BigMath.sigmoid(z).add(z.multiply(sigmoidDerivative(z)), MC),
            ulps(8),
            NEAR_ZERO),
        new Case(
            "gelu",
            Activations::gelu,
            Activations::gelu,
            z -> z.multiply(BigMath.normalCdf(z)),
            ulps(5),
            0),
        new Case(
            "geluDerivative",
            Activations::geluDerivative,
            Activations::geluDerivative,
            z -> BigMath.normalCdf(z).add(z.multiply(BigMath.normalDensity(z)), MC),
            ulps(8),
            NEAR_ZERO),
        new Case(
            "geluTanh",
            Activations::geluTanh,
            Activations::geluTanh,
            z -> z.multiply(BigMath.sigmoid(geluTanhArgument(z))),
            ActivationsAccuracyTest::geluTanhUlps,
            0),
        new Case(
            "geluTanhDerivative",
            Activations::geluTanhDerivative,
            Activations::geluTanhDerivative,
            ActivationsAccuracyTest::geluTanhDerivative,
            ActivationsAccuracyTest::geluTanhUlps,
            NEAR_ZERO),
        new Case("erf", Activations::erf, Activations::erf, BigMath::erf, ulps(1), 0),
        new Case("erfc", Activations::erfc, Activations::erfc, BigMath::erfc, ulps(4), 0));
  }

  private static DoubleUnaryOperator ulps(double bound) {
    return z -> bound;
  }

  /**
   * For negative z geluTanh is about z e^w, w = 1.6 z (1 + 0.044715 z^2); the rounding of w (a few
   * ulp, |w| times 2^-53 absolute) multiplies the result by e^(error): 4 + 4|w| ulp.
   */
  private static double geluTanhUlps(double z) {
    double w = 1.6 * z * (1 + 0.044715 * z * z);
    return z < 0 ? 4 + 4 * Math.abs(w) : 4;
  }

  /** A grid over [-40, 40] off the round numbers, plus the special arguments, both signs. */
  static List<Double> arguments() {
    List<Double> arguments = new ArrayList<>();
    for (int i = -800; i <= 800; i++) {
      arguments.add(i * 0.05 * 1.000123);
    }
    double[] special = {
      0,
      Double.MIN_VALUE,
      1e-310,
      Double.MIN_NORMAL,
      1e-300,
      1e-20,
      1e-8,
      1e-4,
      0.4999999999999999,
      0.5,
      0.9999999999999999,
      1,
      1.4142135623730951,
      2,
      2.8284271247461903,
      4,
      5.656854249492381,
      6,
      20,
      26.6,
      27.3,
      37.5,
      38.5,
      39,
      45,
      100,
      300,
      700,
      708,
      709,
      720,
      745,
      746,
      1000
    };
    for (double z : special) {
      arguments.add(z);
      arguments.add(-z);
    }
    return arguments;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void doubleOverloadIsWithinItsBound(Case function) {
    double worstUlps = 0;
    double worstUlpsAt = 0;
    double worstAbsolute = 0;
    for (double z : arguments()) {
      BigDecimal exact = function.reference().apply(new BigDecimal(z));
      double computed = function.ofDouble().applyAsDouble(z);
      double absolute = new BigDecimal(computed).subtract(exact, MC).abs().doubleValue();
      double ulps = function.doubleUlps().applyAsDouble(z);
      assertTrue(
          Ulps.within(computed, exact, ulps)
              || (Math.abs(z) < 3 && absolute <= function.absolute()),
          () -> function + "(" + z + ") = " + computed + ", exact " + exact.doubleValue());
      worstAbsolute = Math.max(worstAbsolute, absolute);
      if (Math.abs(exact.doubleValue()) >= 0.01 && Ulps.of(computed, exact) > worstUlps) {
        worstUlps = Ulps.of(computed, exact);
        worstUlpsAt = z;
      }
    }
    System.out.printf(
        "%s double: max %.2f ulp where |f| >= 0.01 (at %s), max absolute error %.2g%n",
        function, worstUlps, worstUlpsAt, worstAbsolute);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void floatOverloadIsWithinOneUlpOfTheRoundedReference(Case function) {
    for (double argument : arguments()) {
      float z = (float) argument;
      BigDecimal exact = function.reference().apply(new BigDecimal(z));
      float computed = function.ofFloat().apply(z);
      double absolute = new BigDecimal(computed).subtract(exact, MC).abs().doubleValue();
      assertTrue(
          Ulps.of(computed, exact) <= 1 || absolute <= function.absolute(),
          () -> function + "(" + z + "f) = " + computed + ", exact " + exact.floatValue());
    }
  }

  /**
   * Central differences (f(z + h) - f(z - h)) / 2h of the double functions at 1,600 points in [-8,
   * 8]; their error, about h^2 f'''(z) / 6 + 1e-16 / h, is below 1e-9 with h = 1e-5.
   */
  @ParameterizedTest
  @MethodSource("derivatives")
  void derivativesMatchCentralDifferences(
      String name, DoubleUnaryOperator function, DoubleUnaryOperator derivative) {
    for (int i = -800; i < 800; i++) {
      double z = (i + 0.5) * 0.01 * 1.000123;
      double h = 1e-5 * Math.max(1, Math.abs(z));
      double difference = (function.applyAsDouble(z + h) - function.applyAsDouble(z - h)) / (2 * h);
      double expected = derivative.applyAsDouble(z);
      assertTrue(
          Math.abs(difference - expected) <= 1e-8 * Math.max(1, Math.abs(expected)),
          () -> name + "'(" + z + ") = " + expected + ", central difference " + difference);
    }
  }

  static Stream<Arguments> derivatives() {
    return Stream.of(
        derivative("sigmoid", Activations::sigmoid, Activations::sigmoidDerivative),
        derivative("tanh", Activations::tanh, Activations::tanhDerivative),
        derivative("swish", Activations::swish, Activations::swishDerivative),
        derivative("gelu", Activations::gelu, Activations::geluDerivative),
        derivative("geluTanh", Activations::geluTanh, Activations::geluTanhDerivative),
        derivative("relu", Activations::relu, Activations::reluDerivative),
        derivative(
            "leakyRelu",
            z -> Activations.leakyRelu(z, 0.01),
            z -> Activations.leakyReluDerivative(z, 0.01)),
        derivative("step", Activations::step, Activations::stepDerivative));
  }

  private static Arguments derivative(
      String name, DoubleUnaryOperator function, DoubleUnaryOperator derivative) {
    return Arguments.of(name, function, derivative);
  }

  /** sigmoid'(z) = e^-z / (1 + e^-z)^2, exact in BigDecimal for any |z| <= 1000. */
  private static BigDecimal sigmoidDerivative(BigDecimal z) {
    BigDecimal e = BigMath.exp(z.negate());
    BigDecimal denominator = BigDecimal.ONE.add(e, MC);
    return e.divide(denominator.multiply(denominator), MC);
  }

  /** tanh'(z) = 1 / cosh^2 z = 4 / (e^z + e^-z)^2. */
  private static BigDecimal tanhDerivative(BigDecimal z) {
    BigDecimal sum = BigMath.exp(z).add(BigMath.exp(z.negate()), MC);
    return BigDecimal.valueOf(4).divide(sum.multiply(sum), MC);
  }

  /**
   * The argument w of geluTanh(z) = z/2 (1 + tanh(y)) = z sigmoid(w), w = 2y, y = sqrt(2/pi) (z +
   * 0.044715 z^3); 1 + tanh(y) = 2 sigmoid(2y) holds exactly.
   */
  private static BigDecimal geluTanhArgument(BigDecimal z) {
    BigDecimal y = SQRT_TWO_OVER_PI.multiply(z.add(GELU_TANH_CUBIC.multiply(z.pow(3))), MC);
    return y.multiply(TWO);
  }

  /** d/dz z sigmoid(w(z)) = sigmoid(w) + z sigmoid'(w) w'(z). */
  private static BigDecimal geluTanhDerivative(BigDecimal z) {
    BigDecimal w = geluTanhArgument(z);
    BigDecimal slope =
        TWO.multiply(SQRT_TWO_OVER_PI)
            .multiply(
                BigDecimal.ONE.add(
                    GELU_TANH_CUBIC.multiply(BigDecimal.valueOf(3)).multiply(z.pow(2))),
                MC);
    return BigMath.sigmoid(w).add(z.multiply(sigmoidDerivative(w)).multiply(slope), MC);
  }
}
