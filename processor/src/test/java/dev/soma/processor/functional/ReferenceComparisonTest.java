package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.processor.networks.SomaShapes_AttributeForm;
import dev.soma.processor.networks.SomaShapes_Interleaved;
import dev.soma.processor.networks.SomaShapes_LargeDouble;
import dev.soma.processor.networks.SomaShapes_LargeFloat;
import dev.soma.processor.networks.SomaShapes_LargeScalar;
import dev.soma.processor.networks.SomaShapes_SmallDouble;
import dev.soma.processor.networks.SomaShapes_SmallFloat;
import dev.soma.processor.testing.ReferenceNetwork;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Multi-layer networks, unrolled and looped, float and double, against a double-precision reference. */
class ReferenceComparisonTest {
  private static final int INPUTS = 500;

  @Test
  void interleavedAnnotationsApplyEachActivationToTheLayerBeforeIt() {
    SomaShapes_Interleaved network = SomaShapes_Interleaved.random(1);
    ReferenceNetwork reference =
        new ReferenceNetwork(network.weights(), network.biases(), List.of("TANH", "RELU", "SIGMOID"), 0.01);
    SplittableRandom random = new SplittableRandom(2);
    for (int n = 0; n < INPUTS; n++) {
      double a = random.nextDouble(-3, 3);
      double b = random.nextDouble(-3, 3);
      assertEquals(reference.apply(new double[] {a, b})[0], network.predict(a, b), 1e-14);
    }
  }

  @Test
  void attributeFormEqualsInterleavedForm() {
    SomaShapes_Interleaved written = SomaShapes_Interleaved.random(7);
    SomaShapes_AttributeForm attribute = new SomaShapes_AttributeForm(written.weights(), written.biases());
    for (double a = -2; a <= 2; a += 0.25) {
      assertEquals(written.predict(a, 1 - a), attribute.predict(a, 1 - a));
    }
  }

  @Test
  void smallDoubleNetworkMatchesReference() {
    SomaShapes_SmallDouble network = SomaShapes_SmallDouble.random(3);
    ReferenceNetwork reference =
        new ReferenceNetwork(network.weights(), network.biases(), List.of("RELU", "TANH", "GELU", "SOFTMAX"), 0.01);
    SplittableRandom random = new SplittableRandom(4);
    for (int n = 0; n < INPUTS; n++) {
      double[] x = random.doubles(5, -2, 2).toArray();
      assertClose(reference.apply(x), network.probabilities(x), 1e-13);
    }
  }

  @Test
  void smallFloatNetworkMatchesReference() {
    SomaShapes_SmallFloat network = SomaShapes_SmallFloat.random(5);
    ReferenceNetwork reference =
        ReferenceNetwork.of(network.weights(), network.biases(), List.of("RELU", "TANH", "GELU", "SOFTMAX"), 0.01);
    SplittableRandom random = new SplittableRandom(6);
    for (int n = 0; n < INPUTS; n++) {
      float[] x = floats(random, 5);
      assertClose(reference.apply(ReferenceNetwork.toDouble(x)), network.probabilities(x), 2e-6);
    }
  }

  @Test
  void largeDoubleNetworkMatchesReference() {
    SomaShapes_LargeDouble network = SomaShapes_LargeDouble.random(8);
    ReferenceNetwork reference =
        new ReferenceNetwork(network.weights(), network.biases(), List.of("SWISH", "LEAKY_RELU", "SOFTMAX"), 0.1);
    SplittableRandom random = new SplittableRandom(9);
    for (int n = 0; n < INPUTS; n++) {
      double[] x = random.doubles(20, -2, 2).toArray();
      assertClose(reference.apply(x), network.probabilities(x), 1e-13);
    }
  }

  @Test
  void largeFloatNetworkMatchesReference() {
    SomaShapes_LargeFloat network = SomaShapes_LargeFloat.random(10);
    ReferenceNetwork reference =
        ReferenceNetwork.of(network.weights(), network.biases(), List.of("SWISH", "LEAKY_RELU", "SOFTMAX"), 0.1);
    SplittableRandom random = new SplittableRandom(11);
    for (int n = 0; n < INPUTS; n++) {
      float[] x = floats(random, 20);
      assertClose(reference.apply(ReferenceNetwork.toDouble(x)), network.probabilities(x), 2e-6);
    }
  }

  @Test
  void largeScalarNetworkMatchesReference() {
    SomaShapes_LargeScalar network = SomaShapes_LargeScalar.random(12);
    ReferenceNetwork reference =
        ReferenceNetwork.of(network.weights(), network.biases(), List.of("RELU", "SIGMOID"), 0.01);
    SplittableRandom random = new SplittableRandom(13);
    for (int n = 0; n < INPUTS; n++) {
      float[] x = floats(random, 3);
      double expected = reference.apply(ReferenceNetwork.toDouble(x))[0];
      assertEquals(expected, network.score(x[0], x[1], x[2]), 2e-6);
      assertEquals(network.score(x[0], x[1], x[2]), network.scores(x)[0]);
    }
  }

  static float[] floats(SplittableRandom random, int n) {
    float[] x = new float[n];
    for (int j = 0; j < n; j++) {
      x[j] = (float) random.nextDouble(-2, 2);
    }
    return x;
  }

  static void assertClose(double[] expected, double[] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(expected[i] - actual[i]);
      assertTrue(
          error <= tolerance * Math.max(1, Math.abs(expected[i])),
          "output " + i + ": expected " + expected[i] + " but was " + actual[i]);
    }
  }

  static void assertClose(double[] expected, float[] actual, double tolerance) {
    assertClose(expected, ReferenceNetwork.toDouble(actual), tolerance);
  }
}
