package dev.soma.examples.sections;

import static dev.soma.Activation.Kind.GELU;
import static dev.soma.Activation.Kind.LEAKY_RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.TANH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation;
import dev.soma.examples.networks.Gallery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationsSectionTest {
  @ParameterizedTest
  @EnumSource(
      value = Activation.Kind.class,
      names = {"STEP", "SIGMOID", "TANH", "RELU", "LEAKY_RELU", "SWISH", "GELU", "GELU_TANH"})
  void generatedNeuronComputesTheActivation(Activation.Kind kind) {
    assertTrue(ActivationsSection.neuronDeviation(kind) <= 1e-15, kind.name());
  }

  @Test
  void valuesMatchIndependentFormulas() {
    for (double z : new double[] {-7, -1, 0, 0.3, 2.5}) {
      assertEquals(1 / (1 + Math.exp(-z)), Gallery.neuron(SIGMOID).at(z), 1e-15);
      assertEquals(Math.tanh(z), Gallery.neuron(TANH).at(z), 1e-15);
      assertEquals(z > 0 ? z : Gallery.LEAKY_ALPHA * z, Gallery.neuron(LEAKY_RELU).at(z), 1e-15);
    }
    // z * Phi(z) with Phi(1) = 0.8413447460685429 (standard normal table).
    assertEquals(0.8413447460685429, Gallery.neuron(GELU).at(1), 1e-12);
  }

  @Test
  void sigmoidAndTanhGradientsVanishAtLargeZ() {
    // sigmoid'(z) = e^-z / (1 + e^-z)^2, written without the cancellation in s (1 - s).
    double e = Math.exp(-10);
    double expected = e / ((1 + e) * (1 + e));
    assertEquals(expected, ActivationsSection.derivative(SIGMOID, 10), 1e-10 * expected);
    assertEquals(1 / Math.pow(Math.cosh(10), 2), ActivationsSection.derivative(TANH, 10), 1e-20);
    assertTrue(ActivationsSection.derivative(SIGMOID, 10) < 1e-4);
    assertEquals(Math.pow(0.25, 10), ActivationsSection.sigmoidChainBound(10), 1e-20);
  }
}
