package dev.soma.processor.weights;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.soma.processor.weights.KerasArchiveTest.BIAS;
import static dev.soma.processor.weights.KerasArchiveTest.KERNEL;
import static dev.soma.processor.weights.KerasArchiveTest.archive;
import static dev.soma.processor.weights.KerasArchiveTest.dense;
import static dev.soma.processor.weights.KerasArchiveTest.keras3Dense;
import static dev.soma.processor.weights.KerasArchiveTest.layer;
import static dev.soma.processor.weights.KerasArchiveTest.sequential;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras models with {@code BatchNormalization} (folded into the Dense layer before it) and {@code
 * LayerNormalization} (a {@code @LayerNorm} layer), as Keras 3 archives and Keras 2 whole-model
 * {@code .h5} files written here with jhdf, baked through javac and checked against a float64
 * reference computed here with Keras's formulas.
 */
class KerasNormalizationTest {
  @TempDir Path directory;

  // hidden: Dense 2 -> 3 (KERNEL [in, out], BIAS); score: Dense 3 -> 2, linear
  static final float[][] SCORE = {{0.5f, -1}, {-0.25f, 2}, {1.5f, 0.75f}};
  static final float[] SCORE_BIAS = {0.125f, -0.5f};
  static final float[] GAMMA = {1.5f, 0.5f, -2};
  static final float[] BETA = {0.25f, -0.75f, 1};
  static final float[] MEAN = {3, -1, 4.5f};
  static final float[] VARIANCE = {4, 0.25f, 9};
  static final double BN_EPSILON = 0.001;
  static final double LN_EPSILON = 0.01;
  static final double[][] INPUTS = {{1, -1}, {1, 1}, {-0.5, 2}, {3, 0.25}};

  static String batchNorm(String name, boolean center) {
    return layer(
        "BatchNormalization",
        "{\"name\": \"" + name + "\", \"axis\": -1, \"momentum\": 0.99, \"epsilon\": " + BN_EPSILON
            + ", \"center\": " + center + ", \"scale\": true}");
  }

  static String layerNorm(String name, boolean scale) {
    return layer(
        "LayerNormalization",
        "{\"name\": \"" + name + "\", \"axis\": [-1], \"epsilon\": " + LN_EPSILON + ", \"center\": true,"
            + " \"scale\": " + scale + ", \"rms_scaling\": false}");
  }

  static String activation(String name, String function) {
    return layer("Activation", "{\"name\": \"" + name + "\", \"activation\": \"" + function + "\"}");
  }

  /** Keras's Dense: {@code x kernel + bias}, the kernel {@code [in, out]}. */
  static double[] linear(double[] x, float[][] kernel, float[] bias) {
    double[] y = new double[bias.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = bias[i];
      for (int j = 0; j < x.length; j++) {
        y[i] += x[j] * (double) kernel[j][i];
      }
    }
    return y;
  }

  static double[] relu(double[] x) {
    double[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(0, y[i]);
    }
    return y;
  }

  /** The Dense, BatchNormalization (beta 0 without {@code center}), ReLU, Dense model. */
  static double[] batchNormReference(double[] x, boolean center) {
    double[] h = linear(x, KERNEL, BIAS);
    for (int i = 0; i < h.length; i++) {
      h[i] = GAMMA[i] * (h[i] - MEAN[i]) / Math.sqrt(VARIANCE[i] + BN_EPSILON) + (center ? BETA[i] : 0);
    }
    return linear(relu(h), SCORE, SCORE_BIAS);
  }

  /** The Dense with ReLU, LayerNormalization (gamma 1 without {@code scale}), Dense model. */
  static double[] layerNormReference(double[] x, boolean scale) {
    double[] h = relu(linear(x, KERNEL, BIAS));
    double mean = 0;
    for (double v : h) {
      mean += v / h.length;
    }
    double variance = 0;
    for (double v : h) {
      variance += (v - mean) * (v - mean) / h.length; // biased, as Keras
    }
    for (int i = 0; i < h.length; i++) {
      h[i] = (scale ? GAMMA[i] : 1) * (h[i] - mean) / Math.sqrt(variance + LN_EPSILON) + BETA[i];
    }
    return linear(h, SCORE, SCORE_BIAS);
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path file = directory.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** A Keras 3 {@code .weights.h5}: the Dense layers, then {@code norm} as {@code layers/<path>/vars}. */
  private byte[] keras3Weights(String normPath, float[]... normVars) throws Exception {
    Path file = Files.createTempFile(directory, "weights", ".h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      WritableGroup layers = hdf.putGroup("layers");
      keras3Dense(layers, "dense", KERNEL, BIAS);
      keras3Dense(layers, "dense_1", SCORE, SCORE_BIAS);
      WritableGroup vars = layers.putGroup(normPath).putGroup("vars");
      for (int k = 0; k < normVars.length; k++) {
        vars.putDataset(String.valueOf(k), normVars[k]);
      }
    }
    return Files.readAllBytes(file);
  }

  /** A Keras 2 whole-model {@code .h5}: {@code model_config} and the layers' weights by name. */
  private Path keras2Model(String file, String config, String norm, String[] roles, float[]... values)
      throws Exception {
    Path path = directory.resolve(file);
    try (WritableHdfFile hdf = HdfFile.write(path)) {
      hdf.putAttribute("model_config", config);
      WritableGroup weights = hdf.putGroup("model_weights");
      List<String> names = new ArrayList<>(List.of("hidden", norm, "score"));
      weights.putAttribute("layer_names", names.toArray(String[]::new));
      KerasWeightsTest.keras2Dense(weights, "hidden", KERNEL, BIAS);
      KerasWeightsTest.keras2Dense(weights, "score", SCORE, SCORE_BIAS);
      WritableGroup layer = weights.putGroup(norm);
      WritableGroup inner = layer.putGroup(norm);
      String[] weightNames = new String[roles.length];
      for (int k = 0; k < roles.length; k++) {
        weightNames[k] = norm + "/" + roles[k] + ":0";
        inner.putDataset(roles[k] + ":0", values[k]);
      }
      layer.putAttribute("weight_names", weightNames);
    }
    return path;
  }

  private Compilation compile(String file, String... layers) {
    List<String> lines = new ArrayList<>();
    lines.add("@Network(weights = \"" + file + "\")");
    lines.addAll(List.of(layers));
    lines.add("interface Net { double[] apply(double[] x); }");
    return NetworkSource.of(lines.toArray(String[]::new))
        .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
  }

  /** Bakes the declaration and checks every input against {@code reference}. */
  private void check(Compilation compilation, java.util.function.Function<double[], double[]> reference)
      throws Exception {
    assertThat(compilation).succeeded();
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    for (double[] x : INPUTS) {
      double[] got = (double[]) network.getClass().getMethod("apply", double[].class).invoke(network, (Object) x);
      double[] want = reference.apply(x);
      assertEquals(want.length, got.length);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-9 * Math.max(1, Math.abs(want[i])), "output " + i);
      }
    }
  }

  static final String BATCH_NORM_MODEL =
      sequential(2, dense("hidden", 3, "linear"), batchNorm("bn", true), activation("act", "relu"),
          dense("score", 2, "linear"));

  @Test
  void aKeras3BatchNormalizationIsFoldedIntoTheDenseLayerBeforeIt() throws Exception {
    write("bn.keras", archive(BATCH_NORM_MODEL, keras3Weights("batch_normalization", GAMMA, BETA, MEAN, VARIANCE)));
    check(compile("bn.keras"), x -> batchNormReference(x, true));
    check(
        compile("bn.keras", "@Dense(in = 2, out = 3, name = \"hidden\") @Activation(RELU)", "@Dense(in = 3, out = 2, name = \"score\")"),
        x -> batchNormReference(x, true));
  }

  @Test
  void aKeras2WholeModelWithBatchNormalizationWithoutCenter() throws Exception {
    String config =
        "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": ["
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"hidden\", \"units\": 3, \"activation\": \"linear\"}},"
            + " {\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": -1, \"epsilon\": "
            + BN_EPSILON + ", \"center\": false, \"scale\": true}},"
            + " {\"class_name\": \"Activation\", \"config\": {\"name\": \"act\", \"activation\": \"relu\"}},"
            + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"score\", \"units\": 2, \"activation\": \"linear\"}}]}}";
    keras2Model("bn.h5", config, "bn", new String[] {"gamma", "moving_mean", "moving_variance"}, GAMMA, MEAN, VARIANCE);
    check(compile("bn.h5"), x -> batchNormReference(x, false));
  }

  static final String LAYER_NORM_MODEL =
      sequential(2, dense("hidden", 3, "relu"), layerNorm("ln", true), dense("score", 2, "linear"));

  /**
   * The LayerNormalization model as {@code ln.keras}, compiled with the two Dense layers declared
   * by name and {@code norm} (such as a {@code @LayerNorm}) after the first one's activation.
   */
  private Compilation compileLayerNormModel(String norm) throws Exception {
    write("ln.keras", archive(LAYER_NORM_MODEL, keras3Weights("layer_normalization", GAMMA, BETA)));
    return compile(
        "ln.keras",
        "@Dense(in = 2, out = 3, name = \"hidden\") @Activation(RELU)" + norm,
        "@Dense(in = 3, out = 2, name = \"score\")");
  }

  @Test
  void aKeras3LayerNormalizationIsALayerNormLayer() throws Exception {
    check(compileLayerNormModel(" @LayerNorm(epsilon = 0.01, name = \"ln\")"), x -> layerNormReference(x, true));
    check(compile("ln.keras"), x -> layerNormReference(x, true));
  }

  @Test
  void aDeclaredLayerNormMustMatchTheConfig() throws Exception {
    Compilation compilation = compileLayerNormModel(" @LayerNorm(epsilon = 1e-5, name = \"ln\")");
    assertThat(compilation)
        .hadErrorContaining(
            "layer 2 (@LayerNorm(epsilon = 1.0E-5) with no activation) takes Keras layer 'ln' of ln.keras,"
                + " which the model config gives as a LayerNormalization with epsilon = 0.01 with no activation");
  }

  @Test
  void aKeras2WholeModelWithLayerNormalizationWithoutScale() throws Exception {
    String config =
        "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": ["
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"hidden\", \"units\": 3, \"activation\": \"relu\"}},"
            + " {\"class_name\": \"LayerNormalization\", \"config\": {\"name\": \"ln\", \"axis\": -1, \"epsilon\": "
            + LN_EPSILON + ", \"center\": true, \"scale\": false}},"
            + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"score\", \"units\": 2, \"activation\": \"linear\"}}]}}";
    keras2Model("ln.h5", config, "ln", new String[] {"beta"}, BETA);
    check(compile("ln.h5"), x -> layerNormReference(x, false));
  }

  @Test
  void aBatchNormalizationAfterAnActivationIsACompileErrorNamingIt() throws Exception {
    String model =
        sequential(2, dense("hidden", 3, "relu"), batchNorm("bn_after_relu", true), dense("score", 2, "linear"));
    write("late.keras", archive(model, keras3Weights("batch_normalization", GAMMA, BETA, MEAN, VARIANCE)));
    Compilation compilation = compile("late.keras");
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "weight file late.keras: Keras BatchNormalization 'bn_after_relu' follows the RELU activation of"
                + " Dense 'hidden'; Soma folds a BatchNormalization only right after a Dense layer's linear"
                + " part: give the Dense no activation and put its Activation after the BatchNormalization");
  }

  @Test
  void aLayerNormalizationLeftOutOfTheDeclarationIsACompileError() throws Exception {
    Compilation compilation = compileLayerNormModel("");
    assertThat(compilation)
        .hadErrorContaining(
            "the Keras model config of ln.keras has the LayerNormalization 'ln', which no declared layer"
                + " takes; declare it as @LayerNorm(epsilon = 0.01, name = \"ln\") after the layer it follows");
  }
}
