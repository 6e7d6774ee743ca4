package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.processor.networks.SomaActivationNetworks_LeakyRelu02Float;
import dev.soma.processor.networks.SomaActivationNetworks_SoftmaxDouble;
import dev.soma.processor.networks.SomaActivationNetworks_SoftmaxFloat;
import dev.soma.processor.networks.SomaActivationNetworks_SoftmaxLoops;
import dev.soma.processor.testing.ReferenceMath;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every activation, through a generated one-neuron network (unrolled, float and double) and a
 * 600-neuron layer (loops), against {@link ReferenceMath} at many points including extremes.
 */
class ActivationNetworksTest {
  private static final String PACKAGE = "dev.soma.processor.networks.SomaActivationNetworks_";

  /** -30 to 30 in steps of 0.1, plus extremes. */
  static double[] points() {
    DoubleStream grid = DoubleStream.iterate(-30, z -> z <= 30, z -> z + 0.1);
    DoubleStream extremes =
        DoubleStream.of(0, -0.0, 1e-30, -1e-30, 1e-8, -1e-8, 50, -50, 100, -100, 500, -500, 1e4, -1e4, 1e30, -1e30);
    return DoubleStream.concat(grid, extremes).toArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"STEP", "SIGMOID", "TANH", "RELU", "LEAKY_RELU", "SWISH", "GELU", "GELU_TANH", "IDENTITY"})
  void doubleNetworkMatchesReference(String kind) throws Exception {
    Object network = create(kind, "Double", new double[][] {{1}}, new double[][] {{0}});
    Method apply = network.getClass().getMethod("apply", double.class);
    for (double z : points()) {
      double expected = ReferenceMath.apply(kind, z, 0.01);
      double actual = (double) apply.invoke(network, z);
      assertEquals(expected, actual, 1e-15 + 4e-15 * Math.abs(expected), kind + "(" + z + ")");
    }
    assertTrue(Double.isNaN((double) apply.invoke(network, Double.NaN)), kind + "(NaN) must be NaN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"STEP", "SIGMOID", "TANH", "RELU", "LEAKY_RELU", "SWISH", "GELU", "GELU_TANH", "IDENTITY"})
  void floatNetworkMatchesReference(String kind) throws Exception {
    Object network = create(kind, "Float", new float[][] {{1}}, new float[][] {{0}});
    Method apply = network.getClass().getMethod("apply", float.class);
    for (double point : points()) {
      float z = (float) point;
      double expected = ReferenceMath.apply(kind, z, (float) 0.01);
      float actual = (float) apply.invoke(network, z);
      assertFloatClose(expected, actual, kind + "(" + z + ")");
    }
    assertTrue(Float.isNaN((float) apply.invoke(network, Float.NaN)), kind + "(NaN) must be NaN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"STEP", "SIGMOID", "TANH", "RELU", "LEAKY_RELU", "SWISH", "GELU", "GELU_TANH", "IDENTITY"})
  void loopLayerMatchesReference(String kind) throws Exception {
    float[] ones = new float[600];
    Arrays.fill(ones, 1);
    float[] bias = new float[600];
    for (int i = 0; i < 600; i++) {
      bias[i] = (float) ((i - 300) * 0.05);
    }
    Object network = create(kind, "Loops", new float[][] {ones}, new float[][] {bias});
    Method apply = network.getClass().getMethod("apply", float[].class, float[].class);
    for (float x : new float[] {0f, 0.03f, -7.5f, 40f}) {
      float[] y = new float[600];
      apply.invoke(network, new float[] {x}, y);
      for (int i = 0; i < 600; i++) {
        double z = bias[i] + x;
        assertFloatClose(ReferenceMath.apply(kind, (float) z, (float) 0.01), y[i], kind + "(" + z + ")");
      }
    }
  }

  @Test
  void leakyReluUsesTheDeclaredSlope() {
    SomaActivationNetworks_LeakyRelu02Float network =
        new SomaActivationNetworks_LeakyRelu02Float(new float[][] {{1}}, new float[][] {{0}});
    assertEquals(-0.4f, network.apply(-2f), 1e-7f);
    assertEquals(3f, network.apply(3f));
  }

  @Test
  void softmaxIsStableAndSumsToOne() {
    double[][] identity = {{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}};
    SomaActivationNetworks_SoftmaxDouble network =
        new SomaActivationNetworks_SoftmaxDouble(identity, new double[][] {new double[4]});
    double[][] inputs = {{1, 2, 3, 4}, {1000, 1001, 1002, 1003}, {-1000, 0, 1000, 0}, {0, 0, 0, 0}};
    for (double[] z : inputs) {
      assertArrayEquals(ReferenceMath.softmax(z), network.apply(z), 1e-15);
    }
    float[][] identityFloat = {{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}};
    SomaActivationNetworks_SoftmaxFloat single =
        new SomaActivationNetworks_SoftmaxFloat(identityFloat, new float[][] {new float[4]});
    assertArrayEquals(new float[] {0.0320586f, 0.0871443f, 0.2368828f, 0.6439142f}, single.apply(new float[] {1, 2, 3, 4}), 1e-6f);
    float[] nan = single.apply(new float[] {1, Float.NaN, 3, 4});
    for (float v : nan) {
      assertTrue(Float.isNaN(v), "NaN in softmax input must give NaN outputs");
    }
  }

  @Test
  void softmaxLoopLayerMatchesReference() {
    float[] ones = new float[600];
    Arrays.fill(ones, 1);
    float[] bias = new float[600];
    double[] z = new double[600];
    for (int i = 0; i < 600; i++) {
      bias[i] = (float) Math.sin(i);
      z[i] = bias[i] + 2f;
    }
    SomaActivationNetworks_SoftmaxLoops network =
        new SomaActivationNetworks_SoftmaxLoops(new float[][] {ones}, new float[][] {bias});
    float[] y = new float[600];
    network.apply(new float[] {2f}, y);
    double[] expected = ReferenceMath.softmax(z);
    for (int i = 0; i < 600; i++) {
      assertEquals(expected[i], y[i], 1e-6 * expected[i]);
    }
  }

  /** Within 2 float ulps of the reference rounded to float, or 1e-37 absolute near zero. */
  private static void assertFloatClose(double expected, float actual, String what) {
    float rounded = (float) expected;
    double tolerance = Math.max(2 * Math.ulp(rounded), 1e-37);
    assertEquals(rounded, actual, tolerance, what);
  }

  /** The generated network {@code <Kind><suffix>} of ActivationNetworks. */
  static Object create(String kind, String suffix, Object weights, Object biases) throws Exception {
    String camel =
        Arrays.stream(kind.toLowerCase(Locale.ROOT).split("_"))
            .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
            .reduce("", String::concat);
    Class<?> type = Class.forName(PACKAGE + camel + suffix);
    Constructor<?> constructor = type.getConstructor(weights.getClass(), biases.getClass());
    return constructor.newInstance(weights, biases);
  }
}
