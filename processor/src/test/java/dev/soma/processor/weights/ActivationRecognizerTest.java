package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation.Kind;
import dev.soma.processor.weights.ActivationRecognizer.Recognized;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActivationRecognizerTest {
  /**
   * Reference values of erf from Python's math.erf (correctly rounded libm), not from this code.
   */
  @ParameterizedTest(name = "erf({0}) = {1}")
  @CsvSource({
    "0.0, 0.0",
    "0.5, 0.5204998778130465",
    "1.0, 0.8427007929497149",
    "2.0, 0.9953222650189527",
    "-1.5, -0.9661051464753108",
    "4.0, 0.9999999845827421",
  })
  void erfIsAccurateTo1e7(double x, double expected) {
    assertEquals(expected, ActivationRecognizer.erf(x), 1.2e-7);
  }

  static Optional<Recognized> recognize(DoubleUnaryOperator f) {
    return ActivationRecognizer.recognize(f);
  }

  @Test
  void recognisesFunctionsWrittenDifferentlyFromTheReference() {
    // GELU with float32 constants as an exporter writes them.
    float sqrt2 = 1.4142135f;
    assertEquals(
        Kind.GELU,
        recognize(x -> x * (1 + ActivationRecognizer.erf(x / sqrt2)) * 0.5f).get().kind());
    // The tanh approximation, with x^3 as x * x * x and float32 constants.
    float k = 0.7978846f;
    float c = 0.044715f;
    assertEquals(
        Kind.GELU_TANH,
        recognize(x -> 0.5f * x * (1 + Math.tanh(k * (x + c * x * x * x)))).get().kind());
    assertEquals(Kind.SWISH, recognize(x -> x / (1 + Math.exp(-x))).get().kind());
    assertEquals(Kind.SIGMOID, recognize(x -> 0.5 * (1 + Math.tanh(x / 2))).get().kind());
    assertEquals(Kind.TANH, recognize(x -> 2 / (1 + Math.exp(-2 * x)) - 1).get().kind());
    assertEquals(Kind.RELU, recognize(x -> (x + Math.abs(x)) / 2).get().kind());
    assertEquals(Kind.IDENTITY, recognize(x -> -(-x)).get().kind());
  }

  @Test
  void leakyReluSlopeIsRecovered() {
    Recognized leaky = recognize(x -> Math.max(x, 0.3 * x)).get();
    assertEquals(Kind.LEAKY_RELU, leaky.kind());
    assertEquals(0.3, leaky.alpha(), 1e-15);
  }

  @Test
  void closeButDifferentFunctionsAreNotRecognised() {
    assertTrue(recognize(x -> x * x).isEmpty());
    assertTrue(recognize(x -> 2 * x).isEmpty());
    assertTrue(recognize(x -> 1.01 * Math.tanh(x)).isEmpty());
    // GELU with the tanh approximation's constant off by 1 %.
    assertTrue(
        recognize(x -> 0.5 * x * (1 + Math.tanh(0.79 * (x + 0.044715 * x * x * x)))).isEmpty());
    // Leaky ReLU whose positive side is not the identity.
    assertTrue(recognize(x -> x > 0 ? 1.5 * x : 0.1 * x).isEmpty());
  }

  @Test
  void geluAndItsTanhApproximationAreTold() {
    double largest = 0;
    for (double x = -6; x <= 6; x += 0.001) {
      largest =
          Math.max(
              largest,
              Math.abs(
                  ActivationRecognizer.apply(Kind.GELU, 0, x)
                      - ActivationRecognizer.apply(Kind.GELU_TANH, 0, x)));
    }
    assertTrue(largest > 1e-4, "max |GELU - GELU_TANH| = " + largest);
  }
}
