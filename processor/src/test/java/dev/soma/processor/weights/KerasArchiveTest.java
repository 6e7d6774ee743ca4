package dev.soma.processor.weights;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.soma.processor.weights.OnnxGraphConverterTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import dev.soma.Activation.Kind;
import dev.soma.io.Tensor;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3 {@code .keras} archives and {@code .weights.h5} files, written here with jhdf's writer in
 * the layout {@code keras/src/saving/saving_lib.py} writes: the n-th Dense layer's kernel {@code [in,
 * out]} at {@code layers/dense_n/vars/0} (the first at {@code layers/dense}), its bias at {@code
 * /1}, beside a {@code config.json} as Keras 3 serialises a Sequential model.
 */
class KerasArchiveTest {
  @TempDir Path directory;

  static final float[][] KERNEL = {{1, 2, 3}, {4, 5, 6}}; // [in = 2, out = 3]
  static final float[] BIAS = {0.5f, -1, 2};
  static final float[][] KERNEL_2 = {{1}, {-2}, {0.5f}}; // [in = 3, out = 1]
  static final float[] BIAS_2 = {0.25f};

  /** A Keras 3 Dense layer's variables at {@code layers/<path>/vars}. */
  static WritableGroup keras3Dense(WritableGroup layers, String path, float[][] kernel, float[] bias) {
    WritableGroup vars = layers.putGroup(path).putGroup("vars");
    vars.putDataset("0", kernel);
    if (bias != null) {
      vars.putDataset("1", bias);
    }
    return vars;
  }

  /** The bytes of an HDF5 file written by {@code content}. */
  private byte[] hdf5(Consumer<WritableHdfFile> content) throws Exception {
    Path file = Files.createTempFile(directory, "weights", ".h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      content.accept(hdf);
    }
    return Files.readAllBytes(file);
  }

  /** Two Dense layers, as Keras 3 names their groups whatever the layers are called. */
  private byte[] twoLayerWeights() throws Exception {
    return hdf5(
        hdf -> {
          WritableGroup layers = hdf.putGroup("layers");
          keras3Dense(layers, "dense", KERNEL, BIAS);
          keras3Dense(layers, "dense_1", KERNEL_2, BIAS_2);
          hdf.putGroup("optimizer").putGroup("vars").putDataset("0", new long[] {42}); // iterations
        });
  }

  /** A Keras 3 layer entry of config.json. */
  static String layer(String className, String config) {
    return "{\"module\": \"keras.layers\", \"class_name\": \"" + className + "\", \"config\": " + config
        + ", \"registered_name\": null}";
  }

  static String dense(String name, int units, String activation) {
    return layer(
        "Dense",
        "{\"name\": \"" + name + "\", \"trainable\": true, \"dtype\": {\"module\": \"keras\", \"class_name\":"
            + " \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null}, \"units\": "
            + units + ", \"activation\": \"" + activation + "\", \"use_bias\": true, \"kernel_initializer\":"
            + " {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\":"
            + " null}, \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\","
            + " \"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}, \"kernel_regularizer\":"
            + " null, \"bias_regularizer\": null, \"kernel_constraint\": null, \"bias_constraint\": null}");
  }

  /** A Keras 3 Sequential model's config.json with an InputLayer of {@code inputs} features. */
  static String sequential(int inputs, String... layers) {
    List<String> all = new ArrayList<>();
    all.add(layer("InputLayer", "{\"batch_shape\": [null, " + inputs + "], \"dtype\": \"float32\", \"sparse\": false,"
        + " \"name\": \"input_layer\"}"));
    all.addAll(List.of(layers));
    return "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\","
        + " \"trainable\": true, \"dtype\": \"float32\", \"layers\": [" + String.join(", ", all)
        + "], \"build_input_shape\": [null, " + inputs + "]}, \"registered_name\": null,"
        + " \"build_config\": {\"input_shape\": [null, " + inputs + "]}, \"compile_config\": null}";
  }

  static final String METADATA = "{\"keras_version\": \"3.6.0\", \"date_saved\": \"2026-11-30@04:30:00\"}";

  /** A .keras archive: metadata.json, config.json, model.weights.h5, in the order Keras writes them. */
  static byte[] archive(String config, byte[] weights) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", METADATA.getBytes(StandardCharsets.UTF_8));
    if (config != null) {
      entries.put("config.json", config.getBytes(StandardCharsets.UTF_8));
    }
    if (weights != null) {
      entries.put("model.weights.h5", weights);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static final String TWO_LAYERS =
      sequential(2, dense("hidden", 3, "relu"), layer("Dropout", "{\"name\": \"dropout\", \"rate\": 0.5}"),
          dense("score", 1, "sigmoid"));

  @Test
  void anArchiveNamesTheTensorsAfterTheConfigsLayersAndCarriesTheirActivations() throws Exception {
    WeightFile.Tensors file =
        (WeightFile.Tensors) WeightFiles.read(archive(TWO_LAYERS, twoLayerWeights()), "model.keras");
    assertEquals(WeightFormat.KERAS_ARCHIVE, file.format());
    assertEquals(
        List.of("hidden.weight", "hidden.bias", "score.weight", "score.bias"), List.copyOf(file.tensors().keySet()));
    Tensor weight = file.tensors().get("hidden.weight");
    assertArrayEquals(new int[] {3, 2}, weight.shape());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, weight.toDoubleArray());
    assertArrayEquals(new double[] {1, -2, 0.5}, file.tensors().get("score.weight").toDoubleArray());
    assertArrayEquals(new double[] {0.25}, file.tensors().get("score.bias").toDoubleArray());
    assertEquals(
        List.of(
            new KerasLayerConfig("hidden", 3, List.of(new ImportedLayer.Applied(Kind.RELU, 0))),
            new KerasLayerConfig("score", 1, List.of(new ImportedLayer.Applied(Kind.SIGMOID, 0)))),
        file.architecture());
  }

  @Test
  void aBareWeightsFileIsReadInPathOrderNamedByTheNameAttributeWhereWritten() throws Exception {
    Path file = directory.resolve("model.weights.h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      WritableGroup layers = hdf.putGroup("layers");
      keras3Dense(layers, "dense_1", KERNEL_2, null).putAttribute("name", "score");
      keras3Dense(layers, "dense", KERNEL, BIAS);
      layers.putGroup("dropout");
    }
    WeightFile.Tensors tensors = (WeightFile.Tensors) WeightFiles.read(file);
    assertEquals(WeightFormat.KERAS_HDF5, tensors.format());
    assertEquals(List.of("dense.weight", "dense.bias", "score.weight"), List.copyOf(tensors.tensors().keySet()));
    assertEquals(List.of(), tensors.architecture());
  }

  @Test
  void configErrorsNameTheLayer() throws Exception {
    byte[] weights = twoLayerWeights();
    String conv =
        sequential(4, layer("Conv2D", "{\"name\": \"conv2d\", \"filters\": 8}"), dense("hidden", 3, "relu"));
    assertEquals(
        "weight file m.keras: Keras layer 'conv2d' is a Conv2D, which Soma cannot import; a Soma network"
            + " is Dense layers with activations (InputLayer, Flatten and Dropout layers are skipped;"
            + " Activation, ReLU, LeakyReLU and Softmax layers add to the Dense layer before them)",
        error(archive(conv, weights)));
    String custom =
        sequential(2, "{\"module\": null, \"class_name\": \"MyDense\", \"config\": {\"name\": \"mine\"},"
            + " \"registered_name\": \"Custom>MyDense\"}");
    assertContains(
        error(archive(custom, weights)),
        "Keras layer 'mine' is the custom layer MyDense (registered as 'Custom>MyDense')");
    assertContains(
        error(archive(sequential(2, dense("hidden", 3, "elu")), weights)),
        "Keras layer 'hidden' applies the activation elu, which Soma cannot import");
    assertContains(error(archive("{\"class_name\": \"Sequential\", \"config\": [", weights)),
        "the Keras model config (config.json) is not valid JSON: ");
    assertContains(
        error(archive(sequential(2, dense("a", 3, "relu"), dense("b", 1, "linear"), dense("c", 1, "linear")), weights)),
        "the model config lists Dense layer 'c', but the weights have no group layers/dense_2/vars");
    assertContains(error(archive(TWO_LAYERS, null)), "a Keras .keras archive without model.weights.h5 (entries: metadata.json, config.json)");
  }

  private static String error(byte[] archive) {
    return assertThrows(WeightFileException.class, () -> WeightFiles.read(archive, "m.keras")).getMessage();
  }

  /**
   * Corrupted archives and weight files (bytes overwritten at random, in the zip or in the HDF5
   * file before zipping) are read or refused with a {@link WeightFileException}, never another
   * exception that would crash javac.
   */
  @Test
  void corruptedArchivesAreRefusedWithAWeightFileError() throws Exception {
    byte[] weights = twoLayerWeights();
    byte[] archive = archive(TWO_LAYERS, weights);
    SplittableRandom random = new SplittableRandom(13);
    for (int trial = 0; trial < 300; trial++) {
      boolean inner = trial % 2 == 0;
      byte[] bytes = (inner ? weights : archive).clone();
      for (int k = 0, flips = 1 + random.nextInt(8); k < flips; k++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      byte[] file = inner ? archive(TWO_LAYERS, bytes) : bytes;
      try {
        WeightFiles.read(file, "m.keras", ReadLimit.forParameters(13));
      } catch (WeightFileException expected) {
        assertTrue(expected.getMessage().startsWith("weight file m.keras: "), expected.getMessage());
      }
    }
  }

  @Test
  void anArchiveInflatingBeyondTheLimitIsRefusedAsItInflates() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("config.json"));
      zip.write(TWO_LAYERS.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("assets/zeros"));
      zip.write(new byte[(int) ReadLimit.HEADER_ALLOWANCE + 1]); // deflates to some kilobytes
      zip.putNextEntry(new ZipEntry("model.weights.h5"));
      zip.write(twoLayerWeights());
    }
    byte[] archive = bytes.toByteArray();
    assertTrue(archive.length < 1 << 20, "the archive is small: " + archive.length);
    ReadLimit limit = ReadLimit.forParameters(13);
    String message =
        assertThrows(WeightFileException.class, () -> WeightFiles.read(archive, "m.keras", limit)).getMessage();
    assertEquals(limit.exceeded("m.keras").getMessage(), message);
    assertEquals(4, ((WeightFile.Tensors) WeightFiles.read(archive, "m.keras")).tensors().size());
  }

  /** The declaration of the two-layer model, with the last layer's activation given. */
  private Compilation compile(String named, String lastActivation) throws Exception {
    Files.write(directory.resolve("model.keras"), archive(TWO_LAYERS, twoLayerWeights()));
    return NetworkSource.of(
            "@Network(weights = \"model.keras\")",
            "@Dense(in = 2, out = 3" + named + ") @Activation(RELU)",
            "@Dense(in = 3, out = 1) " + lastActivation,
            "interface Net { float[] apply(float[] x); }")
        .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
  }

  @Test
  void aMatchingDeclarationBakesTheWeights() throws Exception {
    Compilation compilation = compile(", name = \"hidden\"", "@Activation(SIGMOID)");
    assertThat(compilation).succeeded();
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    float[] y = (float[]) network.getClass().getMethod("apply", float[].class).invoke(network, (Object) new float[] {1, -1});
    // hidden: relu([1 - 4 + 0.5, 2 - 5 - 1, 3 - 6 + 2]) = [0, 0, 0]; score: sigmoid(0.25)
    assertEquals(1 / (1 + Math.exp(-0.25)), y[0], 1e-7);
    float[] z = (float[]) network.getClass().getMethod("apply", float[].class).invoke(network, (Object) new float[] {1, 1});
    // hidden: relu([5.5, 6, 11]) ; score: sigmoid(5.5 - 12 + 5.5 + 0.25)
    assertEquals(1 / (1 + Math.exp(0.75)), z[0], 1e-7);
  }

  @Test
  void withoutDenseLayersTheConfigDefinesTheNetwork() throws Exception {
    Files.write(directory.resolve("model.keras"), archive(TWO_LAYERS, twoLayerWeights()));
    Compilation compilation =
        NetworkSource.of("@Network(weights = \"model.keras\")", "interface Net { float[] apply(float[] x); }")
            .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
    assertThat(compilation).succeeded();
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    float[] z = (float[]) network.getClass().getMethod("apply", float[].class).invoke(network, (Object) new float[] {1, 1});
    assertEquals(1 / (1 + Math.exp(0.75)), z[0], 1e-7); // as in aMatchingDeclarationBakesTheWeights
  }

  @Test
  void aForgottenActivationIsACompileError() throws Exception {
    Compilation compilation = compile("", "");
    assertThat(compilation)
        .hadErrorContaining(
            "layer 2 @Dense(out = 1) with no activation takes Keras layer 'score' of model.keras, whose"
                + " model config gives units = 1 with SIGMOID; declare the layer as the model has it");
  }

  /**
   * The Keras 2 mnist_mlp weights of the real-model corpus, rewritten in Keras 3's layout with a
   * Keras 3 config into a {@code .keras} archive at test time, bake and reproduce Keras's own
   * predictions, by name and in order.
   */
  @Test
  void theRealKerasModelAsAKeras3Archive() throws Exception {
    Path folder = RealModelsConformanceTest.CORPUS.resolve("keras_mnist_mlp_dl4j");
    Path source = folder.resolve("mnist_mlp_tf_keras_2_weights.h5");
    assumeTrue(
        Files.exists(source),
        "real-model corpus not found at " + folder + " (it lives beside the repository clone as"
            + " ../shared/models); skipping the Keras 3 archive built from it");
    Map<String, Tensor> keras2 = ((WeightFile.Tensors) WeightFiles.read(source)).tensors();
    byte[] weights =
        hdf5(
            hdf -> {
              WritableGroup layers = hdf.putGroup("layers");
              for (int n = 1; n <= 3; n++) {
                Tensor w = keras2.get("dense_" + n + ".weight");
                float[][] kernel = new float[w.shape()[1]][w.shape()[0]]; // back to [in, out]
                double[] values = w.toDoubleArray();
                for (int i = 0; i < w.shape()[0]; i++) {
                  for (int j = 0; j < w.shape()[1]; j++) {
                    kernel[j][i] = (float) values[i * w.shape()[1] + j];
                  }
                }
                double[] b = keras2.get("dense_" + n + ".bias").toDoubleArray();
                float[] bias = new float[b.length];
                for (int i = 0; i < b.length; i++) {
                  bias[i] = (float) b[i];
                }
                keras3Dense(layers, n == 1 ? "dense" : "dense_" + (n - 1), kernel, bias);
              }
            });
    String dropout = layer("Dropout", "{\"name\": \"dropout\", \"rate\": 0.2}");
    String config =
        sequential(784, dense("dense_1", 512, "relu"), dropout, dense("dense_2", 512, "relu"), dropout,
            dense("dense_3", 10, "softmax"));
    Path archives = Files.createDirectory(directory.resolve("archives"));
    Files.write(archives.resolve("mnist_mlp.keras"), archive(config, weights));
    List<List<String>> declarations =
        List.of(RealModelsConformanceTest.KERAS_NAMED, RealModelsConformanceTest.KERAS_IN_ORDER, List.of());
    for (List<String> declaration : declarations) { // by name, in order, and defined by the config
      RealModelsConformanceTest.Case model =
          new RealModelsConformanceTest.Case("keras_mnist_mlp_dl4j", "mnist_mlp.keras", declaration, "");
      Object network = RealModelsConformanceTest.bake(archives, model);
      double worst = RealModelsConformanceTest.worstScaledDifference(network, folder, "mnist_mlp.keras");
      assertTrue(worst <= RealModelsConformanceTest.TOLERANCE, "scaled difference " + worst);
    }
  }

  /**
   * The configs Keras 1.2.1 and 2.0.6 wrote for the corpus's mnist_mlp (a list of layers as the
   * config; Keras 1 with {@code output_dim} and the activations in separate Activation layers).
   */
  @Test
  void theRealKeras1And2ConfigsGiveTheirDenseLayers() throws Exception {
    Path folder = RealModelsConformanceTest.CORPUS.resolve("keras_mnist_mlp_dl4j");
    assumeTrue(Files.isDirectory(folder), "real-model corpus not found at " + folder + "; skipping");
    List<ImportedLayer.Applied> relu = List.of(new ImportedLayer.Applied(Kind.RELU, 0));
    List<ImportedLayer.Applied> softmax = List.of(new ImportedLayer.Applied(Kind.SOFTMAX, 0));
    List<KerasLayerConfig> expected =
        List.of(
            new KerasLayerConfig("dense_1", 512, relu),
            new KerasLayerConfig("dense_2", 512, relu),
            new KerasLayerConfig("dense_3", 10, softmax));
    for (String version : List.of("1", "2")) {
      String json = Files.readString(folder.resolve("mnist_mlp_tf_keras_" + version + "_config.json"));
      assertEquals(expected, KerasArchitecture.parse(json, "config"), "Keras " + version);
    }
  }

  @Test
  void aWholeModelH5CarriesItsModelConfig() throws Exception {
    Path file = directory.resolve("whole.h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putAttribute(
          "model_config",
          "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": ["
              + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}},"
              + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 3,"
              + " \"activation\": \"linear\"}},"
              + " {\"class_name\": \"LeakyReLU\", \"config\": {\"name\": \"leaky\", \"alpha\": 0.1}}]}}");
      WritableGroup weights = hdf.putGroup("model_weights");
      weights.putAttribute("layer_names", new String[] {"flatten", "dense_1", "leaky"});
      weights.putGroup("flatten");
      KerasWeightsTest.keras2Dense(weights, "dense_1", KERNEL, BIAS);
      weights.putGroup("leaky");
    }
    WeightFile.Tensors tensors = (WeightFile.Tensors) WeightFiles.read(file);
    assertEquals(
        List.of(new KerasLayerConfig("dense_1", 3, List.of(new ImportedLayer.Applied(Kind.LEAKY_RELU, 0.1)))),
        tensors.architecture());
  }
}
