package dev.soma.processor.functional;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.processor.testing.ReferenceMath;
import dev.soma.runtime.FastActivations;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @Network(activations = FAST)}: float networks call {@link FastActivations} in every form
 * (unrolled, loops, batched) and stay within its error bounds of {@link ReferenceMath}; double
 * networks and trainers stay exact.
 */
class FastActivationNetworksTest {
  /** FastActivations' bounds in ulps of the exact value, plus half an ulp: from the rounded one. */
  private static final Map<String, Double> ULPS_FROM_ROUNDED =
      Map.of("SIGMOID", 2.5, "TANH", 2.5, "SWISH", 2.5, "GELU", 5.0, "GELU_TANH", 3.5);

  /** The function each kind calls, applied to a float argument. */
  private static float fast(String kind, float z) {
    switch (kind) {
      case "SIGMOID":
        return FastActivations.sigmoid(z);
      case "TANH":
        return FastActivations.tanh(z);
      case "SWISH":
        return FastActivations.swish(z);
      case "GELU":
        return FastActivations.gelu(z);
      case "GELU_TANH":
        return FastActivations.geluTanh(z);
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIGMOID", "TANH", "SWISH", "GELU", "GELU_TANH"})
  void floatNetworkCallsTheFastFunctionWithinItsBound(String kind) throws Exception {
    Object network = ActivationNetworksTest.create(kind, "FastFloat", new float[][] {{1}}, new float[][] {{0}});
    Object exact = ActivationNetworksTest.create(kind, "Float", new float[][] {{1}}, new float[][] {{0}});
    Method apply = network.getClass().getMethod("apply", float.class);
    Method applyExact = exact.getClass().getMethod("apply", float.class);
    int differences = 0;
    for (double point : ActivationNetworksTest.points()) {
      float z = (float) point;
      float actual = (float) apply.invoke(network, z);
      // The network computes f(0 + 1 z): -0 becomes 0 before the activation.
      assertEquals(fast(kind, 0f + z), actual, kind + "(" + z + ")");
      assertWithinBound(kind, ReferenceMath.apply(kind, z, 0.01), actual, kind + "(" + z + ")");
      differences += actual == (float) applyExact.invoke(exact, z) ? 0 : 1;
    }
    // The two choices give different code: some results differ in the last bits.
    assertTrue(differences > 0, kind + ": FAST and EXACT agree at every point");
    assertTrue(Float.isNaN((float) apply.invoke(network, Float.NaN)), kind + "(NaN) must be NaN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIGMOID", "TANH", "SWISH", "GELU", "GELU_TANH"})
  void loopAndBatchedLayersCallTheFastFunction(String kind) throws Exception {
    float[] ones = new float[600];
    Arrays.fill(ones, 1);
    float[] bias = new float[600];
    for (int i = 0; i < 600; i++) {
      bias[i] = (float) ((i - 300) * 0.05);
    }
    Object loops = ActivationNetworksTest.create(kind, "FastLoops", new float[][] {ones}, new float[][] {bias});
    Object batch = ActivationNetworksTest.create(kind, "FastBatch", new float[][] {ones}, new float[][] {bias});
    Method applyLoops = loops.getClass().getMethod("apply", float[].class, float[].class);
    Method applyBatch = batch.getClass().getMethod("apply", float[][].class, float[][].class);
    float[][] xs = {{0f}, {0.03f}, {-7.5f}, {40f}};
    float[][] ys = new float[xs.length][600];
    applyBatch.invoke(batch, xs, ys);
    for (int row = 0; row < xs.length; row++) {
      float[] y = new float[600];
      applyLoops.invoke(loops, xs[row], y);
      for (int i = 0; i < 600; i++) {
        float z = bias[i] + xs[row][0];
        assertEquals(fast(kind, z), y[i], kind + "(" + z + ") in loops");
        assertEquals(fast(kind, z), ys[row][i], kind + "(" + z + ") in a batch");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"SIGMOID", "TANH", "SWISH", "GELU", "GELU_TANH"})
  void doubleNetworkStaysExact(String kind) throws Exception {
    Object network = ActivationNetworksTest.create(kind, "FastDouble", new double[][] {{1}}, new double[][] {{0}});
    Object exact = ActivationNetworksTest.create(kind, "Double", new double[][] {{1}}, new double[][] {{0}});
    Method apply = network.getClass().getMethod("apply", double.class);
    Method applyExact = exact.getClass().getMethod("apply", double.class);
    for (double z : ActivationNetworksTest.points()) {
      assertEquals((double) applyExact.invoke(exact, z), (double) apply.invoke(network, z), kind + "(" + z + ")");
    }
  }

  @Test
  void theTrainerComputesExactlyWhileTheModelIsFast() throws IOException {
    Compilation compilation =
        NetworkSource.of(
                "@Network(trainable = true, activations = Network.ActivationMath.FAST)",
                "@Dense(in = 2, out = 3) @Activation(TANH)",
                "@Dense(in = 3, out = 1) @Activation(SIGMOID)",
                "interface Net { float f(float a, float b); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    String model = source(compilation, "test.SomaNet");
    assertThat(model).contains("FastActivations.tanh(");
    assertThat(model).contains("FastActivations.sigmoid(");
    String trainer = source(compilation, "test.SomaNetTrainer");
    assertThat(trainer).contains("Activations.tanh(");
    assertThat(trainer).doesNotContain("FastActivations");
  }

  @Test
  void exactIsTheDefault() throws IOException {
    Compilation compilation =
        NetworkSource.of(
                "@Network @Dense(in = 2, out = 1) @Activation(SIGMOID)",
                "interface Net { float f(float a, float b); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    String model = source(compilation, "test.SomaNet");
    assertThat(model).contains("Activations.sigmoid(");
    assertThat(model).doesNotContain("FastActivations");
  }

  private static String source(Compilation compilation, String name) throws IOException {
    return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
  }

  /** Within the bound in ulps of the reference rounded to float, or 1e-36 absolute near zero. */
  private static void assertWithinBound(String kind, double expected, float actual, String what) {
    float rounded = (float) expected;
    double tolerance = Math.max(ULPS_FROM_ROUNDED.get(kind) * Math.ulp(rounded), 1e-36);
    assertEquals(rounded, actual, tolerance, what);
  }
}
