package dev.soma.processor.weights;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.soma.processor.testing.NetworkSource.line;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.processor.testing.ReferenceNetwork;
import dev.soma.processor.weights.testing.NumpyWriter;
import dev.soma.processor.weights.testing.OnnxBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Network(weights = ...)}: files read at compile time, baked into the class, and run-time load/save. */
class BakedWeightsTest {
  @TempDir Path directory;

  /** Random weights for layers of the given sizes, row-major out x in. */
  private static double[][][] randomLayers(long seed, int... sizes) {
    SplittableRandom random = new SplittableRandom(seed);
    int layers = sizes.length - 1;
    double[][][] wb = new double[2][layers][];
    for (int l = 0; l < layers; l++) {
      wb[0][l] = random.doubles((long) sizes[l] * sizes[l + 1], -0.5, 0.5).toArray();
      wb[1][l] = random.doubles(sizes[l + 1], -0.1, 0.1).toArray();
    }
    return wb;
  }

  private static float[] floats(double[] values) {
    float[] floats = new float[values.length];
    for (int k = 0; k < values.length; k++) {
      floats[k] = (float) values[k];
    }
    return floats;
  }

  private static double[] roundedToFloat(double[] values) {
    double[] rounded = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      rounded[k] = (float) values[k];
    }
    return rounded;
  }

  private void writeSafetensors(String file, List<String> prefixes, double[][][] wb, int... sizes) throws IOException {
    List<Tensor> tensors = new ArrayList<>();
    for (int l = 0; l < prefixes.size(); l++) {
      tensors.add(Tensor.ofFloats(prefixes.get(l) + ".weight", new int[] {sizes[l + 1], sizes[l]}, floats(wb[0][l])));
      tensors.add(Tensor.ofFloats(prefixes.get(l) + ".bias", new int[] {sizes[l + 1]}, floats(wb[1][l])));
    }
    SafeTensors.of(tensors).write(directory.resolve(file));
  }

  /** A Gemm whose alpha is NaN makes every folded weight NaN from finite tensors: warned about. */
  @Test
  void nonFiniteWeightsFromGraphAttributesAreWarnedAbout() throws Exception {
    OnnxBuilder onnx = new OnnxBuilder().input("x", -1, 3).output("y", -1, 2);
    onnx.floats("W", new long[] {2, 3}, 1, 2, 3, 4, 5, 6).floats("C", new long[] {2}, 10, 20);
    onnx.node("Gemm", List.of("x", "W", "C"), "y").attr("transB", 1L).attr("alpha", Float.NaN);
    Files.write(directory.resolve("nan.onnx"), onnx.build());
    Compilation compilation =
        NetworkSource.of("@Network(weights = \"nan.onnx\")", "interface Net { float[] apply(float[] x); }")
            .compileWithJavac("-Asoma.weights.dir=" + directory);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining(
            "its weights, folded from the graph, hold NaN at index 0 (6 non-finite values in all): an attribute"
                + " such as Gemm alpha")
        .inFile(NetworkSource.of().inMemory())
        .onLine(line(1));
  }

  private Compilation compile(String... lines) {
    return NetworkSource.of(lines).compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
  }

  private static float[] run(CompiledClasses classes, float[] x) throws ReflectiveOperationException {
    Object network = classes.loadClass("test.SomaNet").getConstructor().newInstance();
    Method apply = network.getClass().getMethod("apply", float[].class);
    return (float[]) apply.invoke(network, (Object) x);
  }

  private static void assertMatchesReference(CompiledClasses classes, double[][][] wb, List<String> activations, int inputs)
      throws ReflectiveOperationException {
    double[][] weights = new double[wb[0].length][];
    double[][] biases = new double[wb[1].length][];
    for (int l = 0; l < weights.length; l++) {
      weights[l] = roundedToFloat(wb[0][l]);
      biases[l] = roundedToFloat(wb[1][l]);
    }
    ReferenceNetwork reference = new ReferenceNetwork(weights, biases, activations, 0.01);
    SplittableRandom random = new SplittableRandom(99);
    for (int n = 0; n < 50; n++) {
      float[] x = floats(random.doubles(inputs, -1, 1).toArray());
      double[] expected = reference.apply(ReferenceNetwork.toDouble(x));
      float[] actual = run(classes, x);
      for (int i = 0; i < expected.length; i++) {
        assertThat((double) actual[i]).isWithin(1e-5 * Math.max(1, Math.abs(expected[i]))).of(expected[i]);
      }
    }
  }

  @Test
  void namedSafetensorsLayersAreBakedAsLiterals() throws Exception {
    double[][][] wb = randomLayers(1, 3, 4, 2);
    writeSafetensors("net.safetensors", List.of("fc1", "fc2"), wb, 3, 4, 2);
    Compilation compilation =
        compile(
            "@Network(weights = \"net.safetensors\")",
            "@Dense(in = 3, out = 4, name = \"fc1\") @Activation(RELU)",
            "@Dense(in = 4, out = 2, name = \"fc2\") @Activation(SIGMOID)",
            "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).succeededWithoutWarnings();
    CompiledClasses classes = new CompiledClasses(compilation);
    assertThat(classes.has("test/SomaNet.safetensors")).isFalse();
    assertMatchesReference(classes, wb, List.of("RELU", "SIGMOID"), 3);
  }

  @Test
  void sequentialStateDictIsTakenInNumericOrder() throws Exception {
    double[][][] wb = randomLayers(2, 2, 3, 3, 1);
    writeSafetensors("seq.safetensors", List.of("0", "2", "10"), wb, 2, 3, 3, 1);
    Compilation compilation =
        compile(
            "@Network(weights = \"seq.safetensors\")",
            "@Dense(in = 2, out = 3, activation = TANH)",
            "@Dense(in = 3, out = 3, activation = TANH)",
            "@Dense(in = 3, out = 1)",
            "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesReference(new CompiledClasses(compilation), wb, List.of("TANH", "TANH", "IDENTITY"), 2);
  }

  @Test
  void largeLayersGoToAResourceBesideTheClass() throws Exception {
    double[][][] wb = randomLayers(3, 784, 128, 10);
    writeSafetensors("mlp.safetensors", List.of("0", "2"), wb, 784, 128, 10);
    Compilation compilation =
        compile(
            "@Network(weights = \"mlp.safetensors\")",
            "@Dense(in = 784, out = 128) @Activation(RELU)",
            "@Dense(in = 128, out = 10) @Activation(SOFTMAX)",
            "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).succeededWithoutWarnings();
    CompiledClasses classes = new CompiledClasses(compilation);
    assertThat(classes.has("test/SomaNet.safetensors")).isTrue();
    assertThat(classes.file("test/SomaNet.class").length).isLessThan(20_000);
    assertMatchesReference(classes, wb, List.of("RELU", "SOFTMAX"), 784);
  }

  @Test
  void npzAndSafetensorsGiveIdenticalOutputs() throws Exception {
    double[][][] wb = randomLayers(4, 5, 40, 3);
    writeSafetensors("same.safetensors", List.of("a", "b"), wb, 5, 40, 3);
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("a.weight", NumpyWriter.npy("<f4", false, 1, new int[] {40, 5}, roundedToFloat(wb[0][0])));
    arrays.put("a.bias", NumpyWriter.npy(">f4", false, 1, new int[] {40}, roundedToFloat(wb[1][0])));
    arrays.put("b.weight", NumpyWriter.npy("<f8", true, 1, new int[] {3, 40}, roundedToFloat(wb[0][1])));
    arrays.put("b.bias", NumpyWriter.npy("<f4", false, 1, new int[] {3}, roundedToFloat(wb[1][1])));
    Files.write(directory.resolve("same.npz"), NumpyWriter.npz(arrays, true));
    String[] layers = {
      "@Dense(in = 5, out = 40, name = \"a\") @Activation(GELU)",
      "@Dense(in = 40, out = 3, name = \"b\")",
      "interface Net { float[] apply(float[] x); }"
    };
    CompiledClasses fromSafetensors = new CompiledClasses(compile(concat("@Network(weights = \"same.safetensors\")", layers)));
    CompiledClasses fromNpz = new CompiledClasses(compile(concat("@Network(weights = \"same.npz\")", layers)));
    SplittableRandom random = new SplittableRandom(5);
    for (int n = 0; n < 100; n++) {
      float[] x = floats(random.doubles(5, -2, 2).toArray());
      assertArrayEquals(run(fromSafetensors, x), run(fromNpz, x));
    }
  }

  @Test
  void onnxGraphDefinesANetworkThatDeclaresNoLayers() throws Exception {
    double[][][] wb = randomLayers(6, 3, 4, 2);
    OnnxBuilder onnx = new OnnxBuilder().input("x", 1, 3).output("y", 1, 2);
    onnx.floats("W1", new long[] {4, 3}, floats(wb[0][0]));
    onnx.floats("B1", new long[] {4}, floats(wb[1][0]));
    onnx.floats("W2", new long[] {2, 4}, floats(wb[0][1]));
    onnx.floats("B2", new long[] {2}, floats(wb[1][1]));
    onnx.node("Gemm", List.of("x", "W1", "B1"), "h").attr("transB", 1L);
    onnx.node("Tanh", "h", "a");
    onnx.node("Gemm", List.of("a", "W2", "B2"), "z").attr("transB", 1L);
    onnx.node("Softmax", "z", "y");
    Files.write(directory.resolve("graph.onnx"), onnx.build());
    Compilation compilation =
        compile("@Network(weights = \"graph.onnx\")", "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesReference(new CompiledClasses(compilation), wb, List.of("TANH", "SOFTMAX"), 3);

    Compilation mismatch =
        compile(
            "@Network(weights = \"graph.onnx\")",
            "@Dense(in = 3, out = 4) @Activation(RELU)",
            "@Dense(in = 4, out = 2) @Activation(SOFTMAX)",
            "interface Net { float[] apply(float[] x); }");
    assertThat(mismatch).hadErrorContaining("layer 1 @Dense(in = 3, out = 4) with RELU does not match").inFile(NetworkSource.of().inMemory()).onLine(line(1));
  }

  @Test
  void foldedInputNormalisationIsANoteOnTheWeightsAttributeUnlessSuppressed() throws Exception {
    OnnxBuilder onnx = new OnnxBuilder().input("x", 1, 2).output("y", 1, 2);
    onnx.floats("half", new long[0], 0.5f);
    onnx.floats("W", new long[] {2, 2}, 1, 2, 3, 4);
    onnx.node("Mul", List.of("x", "half"), "h");
    onnx.node("Gemm", List.of("h", "W"), "z").name("fc").attr("transB", 1L);
    onnx.node("Relu", "z", "r");
    onnx.node("Softmax", "r", "y");
    Files.write(directory.resolve("scaled.onnx"), onnx.build());
    Compilation compilation =
        compile(
            "@Network(weights = \"scaled.onnx\")", "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .hadNoteContaining(
            "weight file scaled.onnx: layer 1 (Gemm 'fc') reads x * 0.5, computed by Mul node 0;"
                + " Soma folds this into that layer's weights and bias")
        .inFile(NetworkSource.of().inMemory())
        .onLine(line(1));
    // softmax(relu(W (x / 2))) with W = [[1, 2], [3, 4]] at x = (2, 1): relu(2, 5) -> softmax
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    float[] y = (float[]) network.getClass().getMethod("apply", float[].class).invoke(network, (Object) new float[] {2, 1});
    double e = Math.exp(-3);
    assertArrayEquals(new float[] {(float) (e / (1 + e)), (float) (1 / (1 + e))}, y, 1e-7f);

    Compilation quiet =
        compile(
            "@Network(weights = \"scaled.onnx\")",
            "@SuppressWarnings(\"soma\")",
            "interface Net { float[] apply(float[] x); }");
    assertThat(quiet).succeededWithoutWarnings();
    assertThat(quiet.notes()).isEmpty();
  }

  @Test
  void arithmeticBetweenALayerAndItsActivationIsANote() throws Exception {
    OnnxBuilder onnx = gemmFc();
    onnx.floats("c", new long[] {2}, 2, -1);
    onnx.node("Mul", List.of("z", "c"), "m").name("scale");
    onnx.node("Relu", "m", "y");
    // relu((W x) * (2, -1)) at x = (2, 1): W x = (4, 10) -> (8, -10) -> (8, 0)
    assertFoldedOutput(onnx, "Mul 'scale'", new float[] {8, 0});
  }

  @Test
  void outputScalingAfterALastLayerWithoutActivationFolds() throws Exception {
    OnnxBuilder onnx = gemmFc();
    onnx.floats("four", new long[0], 4);
    onnx.node("Div", List.of("z", "four"), "y").name("rescale");
    // (W x) / 4 at x = (2, 1): (4, 10) / 4 = (1, 2.5), exact in float
    assertFoldedOutput(onnx, "Div 'rescale'", new float[] {1, 2.5f});
  }

  /** x [1, 2] into Gemm 'fc' with W = [[1, 2], [3, 4]] (transB), its output "z"; "y" the graph's. */
  private static OnnxBuilder gemmFc() {
    OnnxBuilder onnx = new OnnxBuilder().input("x", 1, 2).output("y", 1, 2);
    onnx.floats("W", new long[] {2, 2}, 1, 2, 3, 4);
    onnx.node("Gemm", List.of("x", "W"), "z").name("fc").attr("transB", 1L);
    return onnx;
  }

  /** Bakes {@code onnx}, expects the folding note for {@code node} and {@code expected} at x = (2, 1). */
  private void assertFoldedOutput(OnnxBuilder onnx, String node, float[] expected) throws Exception {
    Files.write(directory.resolve("folded.onnx"), onnx.build());
    Compilation compilation =
        compile("@Network(weights = \"folded.onnx\")", "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .hadNoteContaining(
            "weight file folded.onnx: " + node + ", constant arithmetic on the output of Gemm 'fc'"
                + " before any activation, is folded into that layer's weights and bias")
        .inFile(NetworkSource.of().inMemory())
        .onLine(line(1));
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    float[] y = (float[]) network.getClass().getMethod("apply", float[].class).invoke(network, (Object) new float[] {2, 1});
    assertArrayEquals(expected, y, 0f);
  }

  @Test
  void missingFileListsEveryPlaceSearched() {
    Compilation compilation =
        compile(
            "@Network(weights = \"nowhere.safetensors\")",
            "@Dense(in = 1, out = 1)",
            "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("weight file \"nowhere.safetensors\" not found; searched CLASS_OUTPUT test/nowhere.safetensors (")
        .inFile(NetworkSource.of().inMemory())
        .onLine(line(1));
    assertThat(compilation).hadErrorContaining(directory.resolve("nowhere.safetensors").toString());
  }

  @Test
  void wrongShapeNamesFileTensorAndBothShapes() throws IOException {
    double[][][] wb = randomLayers(7, 3, 2);
    writeSafetensors("shape.safetensors", List.of("fc"), wb, 3, 2);
    Compilation compilation =
        compile(
            "@Network(weights = \"shape.safetensors\")",
            "@Dense(in = 2, out = 3, name = \"fc\")",
            "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("shape.safetensors");
    assertThat(compilation).hadErrorContaining("fc.weight");
    assertThat(compilation).hadErrorContaining("[3, 2]");
    assertThat(compilation).hadErrorContaining("[2, 3]");
    assertThat(compilation)
        .hadErrorContaining(
            "weight file shape.safetensors: layer 1 (@Dense(in = 2, out = 3, name = \"fc\")): tensor"
                + " 'fc.weight' has shape [2, 3]; expected [3, 2] (the transpose: weights must be"
                + " [out, in], PyTorch nn.Linear's layout)")
        .inFile(NetworkSource.of().inMemory())
        .onLine(line(1));
  }

  @Test
  void corruptFileIsACompileErrorNotACrash() throws IOException {
    double[][][] wb = randomLayers(8, 3, 2);
    writeSafetensors("whole.safetensors", List.of("fc"), wb, 3, 2);
    byte[] whole = Files.readAllBytes(directory.resolve("whole.safetensors"));
    Files.write(directory.resolve("cut.safetensors"), java.util.Arrays.copyOf(whole, whole.length - 5));
    Compilation compilation =
        compile(
            "@Network(weights = \"cut.safetensors\")",
            "@Dense(in = 3, out = 2, name = \"fc\")",
            "interface Net { float[] apply(float[] x); }");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("weight file cut.safetensors: invalid safetensors file: ");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void savedWeightsLoadBackAndBakeIntoBitIdenticalClasses() throws Exception {
    Compilation trainable =
        compile(
            "@Network",
            "@Dense(in = 6, out = 50) @Activation(SWISH)",
            "@Dense(in = 50, out = 4)",
            "interface Net { float[] apply(float[] x); }");
    assertThat(trainable).succeededWithoutWarnings();
    CompiledClasses classes = new CompiledClasses(trainable);
    Class<?> generated = classes.loadClass("test.SomaNet");
    Object original = generated.getMethod("random", long.class).invoke(null, 11L);
    Path saved = directory.resolve("trained.safetensors");
    generated.getMethod("save", Path.class).invoke(original, saved);
    Object loaded = generated.getMethod("load", Path.class).invoke(null, saved);

    CompiledClasses baked =
        new CompiledClasses(
            compile(
                "@Network(weights = \"trained.safetensors\")",
                "@Dense(in = 6, out = 50) @Activation(SWISH)",
                "@Dense(in = 50, out = 4)",
                "interface Net { float[] apply(float[] x); }"));
    Method apply = generated.getMethod("apply", float[].class);
    SplittableRandom random = new SplittableRandom(12);
    for (int n = 0; n < 100; n++) {
      float[] x = floats(random.doubles(6, -3, 3).toArray());
      float[] expected = (float[]) apply.invoke(original, (Object) x);
      assertArrayEquals(expected, (float[]) apply.invoke(loaded, (Object) x));
      assertArrayEquals(expected, run(baked, x));
    }

    byte[] bytes = Files.readAllBytes(saved);
    Method fromStream = generated.getMethod("load", java.io.InputStream.class);
    InvocationTargetException truncated =
        assertThrows(
            InvocationTargetException.class,
            () -> fromStream.invoke(null, new ByteArrayInputStream(java.util.Arrays.copyOf(bytes, bytes.length - 1))));
    assertThat(truncated.getCause()).isInstanceOf(IOException.class);
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
