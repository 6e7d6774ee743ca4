package dev.soma.processor.weights;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.testing.compile.Compilation;
import dev.soma.io.SafeTensors;
import dev.soma.runtime.HalfPrecision;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.processor.weights.testing.OnnxBuilder;
import dev.soma.processor.weights.testing.SafeTensorsBytes;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weight-only QDQ ONNX models (int8 initializers, {@code DequantizeLinear}, float {@code Gemm} or
 * {@code MatMul}) and safetensors I8 weights with {@code .weight_scale}: baked as INT8 they keep the
 * file's int8 values and scales (checked in the saved weights), and their outputs match both ONNX
 * Runtime on the same model and a double reference computed from the int8 values and scales.
 */
class QuantizedImportTest {
  private static final int IN = 12;
  private static final int HIDDEN = 8;
  private static final int OUT = 5;
  private static final int INPUTS = 500;
  /**
   * Largest {@code |soma - reference| / max(1, |reference|)}: Soma sums {@code q * x} in float
   * and scales once per output, ONNX Runtime multiplies dequantized float weights; both round
   * differently from the double reference, by float rounding of a 12-term sum.
   */
  private static final double BOUND = 1e-5;

  private static OrtEnvironment environment;

  @TempDir Path directory;

  @BeforeAll
  static void startOnnxRuntime() {
    environment = OrtEnvironment.getEnvironment();
  }

  /** One quantized layer as the file holds it, and the weights it stands for. */
  private static final class QuantizedLayer {
    final int in;
    final int out;
    /** Row-major out x in: the integer values, zero points and scales per element. */
    final int[] q;
    final int[] zero;
    final float[] scale;
    final float[] bias;

    QuantizedLayer(int in, int out, int[] q, int[] zero, float[] scale, float[] bias) {
      this.in = in;
      this.out = out;
      this.q = q;
      this.zero = zero;
      this.scale = scale;
      this.bias = bias;
    }

    double weight(int i, int j) {
      int k = i * in + j;
      return (q[k] - zero[k]) * (double) scale[k];
    }
  }

  /**
   * Writes layer {@code n} ({@code in -> out}) in {@code layout} into {@code onnx}, reading {@code
   * input} and writing {@code output}; returns the values and scales it used.
   */
  private static QuantizedLayer layer(
      OnnxBuilder onnx, SplittableRandom random, String layout, int n, int in, int out, String input, String output) {
    boolean uint8 = layout.contains("uint8");
    boolean perTensor = layout.contains("per-tensor");
    boolean outByIn = layout.equals("gemm-transB-per-axis") || layout.equals("zero-point");
    boolean transposed = layout.equals("transposed-dq");
    int rows = outByIn ? out : in;
    int columns = outByIn ? in : out;
    int outAxis = outByIn ? 0 : 1;
    float[] scales = new float[perTensor ? 1 : out];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = (float) random.nextDouble(0.002, 0.02);
    }
    int[] zeros = new int[scales.length];
    for (int i = 0; i < zeros.length; i++) {
      zeros[i] = uint8 ? 128 : layout.equals("zero-point") ? random.nextInt(-5, 6) : 0;
    }
    byte[] raw = new byte[rows * columns];
    int[] q = new int[in * out];
    int[] zero = new int[in * out];
    float[] scale = new float[in * out];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        int value = uint8 ? random.nextInt(0, 256) : random.nextInt(-128, 128);
        raw[r * columns + c] = (byte) value;
        int i = outByIn ? r : c;
        int j = outByIn ? c : r;
        int group = perTensor ? 0 : i;
        q[i * in + j] = value;
        zero[i * in + j] = zeros[group];
        scale[i * in + j] = scales[group];
      }
    }
    float[] bias = new float[out];
    for (int i = 0; i < out; i++) {
      bias[i] = (float) random.nextDouble(-0.5, 0.5);
    }
    String w = "w" + n;
    long[] dims = {rows, columns};
    onnx.initializer(OnnxBuilder.tensor(w + "_q", uint8 ? 2 : 3, dims).bytes(9, raw));
    onnx.floats(w + "_scale", perTensor ? new long[0] : new long[] {out}, scales);
    List<String> dqInputs = List.of(w + "_q", w + "_scale");
    if (uint8 || layout.equals("zero-point") || layout.equals("gemm-transB-per-axis")) {
      byte[] zeroBytes = new byte[zeros.length];
      for (int k = 0; k < zeros.length; k++) {
        zeroBytes[k] = (byte) zeros[k];
      }
      onnx.initializer(
          OnnxBuilder.tensor(w + "_zero", uint8 ? 2 : 3, perTensor ? new long[0] : new long[] {out})
              .bytes(9, zeroBytes));
      dqInputs = List.of(w + "_q", w + "_scale", w + "_zero");
    }
    var dq = onnx.node("DequantizeLinear", dqInputs, transposed ? w + "_dq" : w).name("dq" + n);
    if (!perTensor) {
      dq.attr("axis", (long) outAxis);
    }
    if (transposed) {
      onnx.node("Transpose", w + "_dq", w).name("transpose" + n).attrInts("perm", 1, 0);
    }
    onnx.floats("b" + n, new long[] {out}, bias);
    if (layout.startsWith("matmul")) {
      onnx.node("MatMul", List.of(input, w), output + "_mm").name("matmul" + n);
      onnx.node("Add", List.of(output + "_mm", "b" + n), output).name("add" + n);
    } else {
      onnx.node("Gemm", List.of(input, w, "b" + n), output)
          .name("gemm" + n)
          .attr("transB", outByIn || transposed ? 1L : 0L);
    }
    return new QuantizedLayer(in, out, q, zero, scale, bias);
  }

  /** A 12 -> 8 (RELU) -> 5 model, both layers in {@code layout}. */
  private static QuantizedLayer[] model(OnnxBuilder onnx, String layout) {
    SplittableRandom random = new SplittableRandom(layout.hashCode());
    onnx.opset(13).input("x", 1, IN).output("y", 1, OUT);
    QuantizedLayer first = layer(onnx, random, layout, 1, IN, HIDDEN, "x", "z1");
    onnx.node("Relu", "z1", "h1").name("relu1");
    QuantizedLayer second = layer(onnx, random, layout, 2, HIDDEN, OUT, "h1", "y");
    return new QuantizedLayer[] {first, second};
  }

  /** The network in double from the integer values and scales; {@code bfloat16}: weights rounded so. */
  private static double[] reference(QuantizedLayer[] layers, double[] x, boolean bfloat16) {
    double[] h = x;
    for (int l = 0; l < layers.length; l++) {
      QuantizedLayer layer = layers[l];
      double[] y = new double[layer.out];
      for (int i = 0; i < layer.out; i++) {
        double sum = layer.bias[i];
        for (int j = 0; j < layer.in; j++) {
          double w = layer.weight(i, j);
          if (bfloat16) {
            w = HalfPrecision.bfloat16ToFloat(HalfPrecision.floatToBfloat16((float) w));
          }
          sum += w * h[j];
        }
        y[i] = l == 0 ? Math.max(0, sum) : sum;
      }
      h = y;
    }
    return h;
  }

  /** The plain loop forms (the SIMD form runs in the benchmarks module's tests, with the Vector API). */
  private Compilation compile(String file, String storage) {
    return NetworkSource.of(
            "@Network(weights = \"" + file + "\", storage = Storage." + storage + ")",
            "interface Net { float[] apply(float[] x); }")
        .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
  }

  @ParameterizedTest
  @CsvSource({
    "gemm-transB-per-axis, INT8",
    "gemm-per-tensor, INT8",
    "matmul-per-axis, INT8",
    "matmul-per-tensor, INT8",
    "matmul-uint8-per-axis, INT8",
    "transposed-dq, INT8",
    "zero-point, F32",
    "matmul-uint8-per-axis, F32",
    "gemm-transB-per-axis, BF16"
  })
  void matchesOnnxRuntimeAndTheDoubleReference(String layout, String storage) throws Exception {
    OnnxBuilder onnx = new OnnxBuilder();
    QuantizedLayer[] layers = model(onnx, layout);
    byte[] bytes = onnx.build();
    Files.write(directory.resolve("qdq.onnx"), bytes);
    Compilation compilation = compile("qdq.onnx", storage);
    assertThat(compilation).succeededWithoutWarnings();
    List<String> notes = compilation.notes().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
    if (storage.equals("INT8")) {
      assertEquals(2, notes.size(), notes.toString());
      assertTrue(notes.get(0).contains("layer 1 (8 x 12) keeps the int8 values and scales of 'w1_q'"), notes.get(0));
      assertTrue(notes.get(0).contains("differ from the file's dequantized weights by 0"), notes.get(0));
      assertStoredAsInFile(compilation, layers);
    }
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    Method apply = network.getClass().getMethod("apply", float[].class);
    // BF16 rounds the dequantized weights to bfloat16: its reference does the same, and ONNX
    // Runtime, computing with the unrounded weights, is not compared
    boolean bfloat16 = storage.equals("BF16");
    double worstOrt = 0;
    double worstReference = 0;
    SplittableRandom random = new SplittableRandom(7);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = environment.createSession(bytes, options)) {
        for (int n = 0; n < INPUTS; n++) {
          float[] x = new float[IN];
          double[] exact = new double[IN];
          for (int j = 0; j < IN; j++) {
            x[j] = (float) random.nextDouble(-3, 3);
            exact[j] = x[j];
          }
          float[] soma = (float[]) apply.invoke(network, (Object) x);
          float[] ort = run(session, x);
          double[] reference = reference(layers, exact, bfloat16);
          for (int i = 0; i < OUT; i++) {
            worstOrt = Math.max(worstOrt, Math.abs(soma[i] - ort[i]) / Math.max(1, Math.abs(ort[i])));
            worstReference =
                Math.max(worstReference, Math.abs(soma[i] - reference[i]) / Math.max(1, Math.abs(reference[i])));
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s %s: largest scaled difference from ONNX Runtime %.3g, from the double reference %.3g%n",
        layout, storage, worstOrt, worstReference);
    assertTrue(bfloat16 || worstOrt <= BOUND, layout + ": " + worstOrt + " from ONNX Runtime");
    assertTrue(worstReference <= BOUND, layout + ": " + worstReference + " from the double reference");
  }

  /** The class's resource holds the file's int8 values (q, or q - 128 for uint8) and scales. */
  private void assertStoredAsInFile(Compilation compilation, QuantizedLayer[] layers) throws Exception {
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    Path saved = directory.resolve("saved.safetensors");
    network.getClass().getMethod("save", Path.class).invoke(network, saved);
    SafeTensors file = SafeTensors.read(saved);
    for (int l = 0; l < layers.length; l++) {
      QuantizedLayer layer = layers[l];
      byte[] expected = new byte[layer.q.length];
      float[] scales = new float[layer.out];
      for (int k = 0; k < expected.length; k++) {
        expected[k] = (byte) (layer.q[k] - layer.zero[k]);
        scales[k / layer.in] = layer.scale[k];
      }
      assertArrayEquals(expected, file.tensors().get(l + ".weight").toByteArray(), "layer " + (l + 1));
      assertArrayEquals(scales, file.floats(l + ".weight_scale", layer.out), "layer " + (l + 1));
    }
  }

  private static float[] run(OrtSession session, float[] x) throws Exception {
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(x), new long[] {1, x.length});
        OrtSession.Result result = session.run(Map.of("x", tensor))) {
      return ((float[][]) result.get(0).getValue())[0];
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "zero-point | layer 1 has weights 'w1_q' quantized as INT8, one scale per output (axis 0), zero points from",
        "per-input | layer 1 has weights 'w1_q' quantized as INT8, one scale per input (axis 0), zero point 0",
        "blocked | layer 1 has weights 'w1_q' quantized as INT8, blocks of 4 along axis 1, zero point 0"
      })
  void int8RefusesLayoutsItCannotKeep(String layout, String expected) throws Exception {
    OnnxBuilder onnx = new OnnxBuilder();
    if (layout.equals("zero-point")) {
      model(onnx, layout);
    } else {
      oneLayer(onnx, layout);
    }
    Files.write(directory.resolve("qdq.onnx"), onnx.build());
    NetworkSource source =
        NetworkSource.of(
            "@Network(weights = \"qdq.onnx\",",
            "    storage = Storage.INT8)",
            "interface Net { float[] apply(float[] x); }");
    assertFailsWith(source, "@Network(storage = INT8) on Net: " + expected, 2);
    // the same file imports as floats
    Files.write(directory.resolve("qdq.onnx"), onnx.build());
    assertThat(compile("qdq.onnx", "F32")).succeededWithoutWarnings();
  }

  /** A single 4 -> 3 MatMul layer: scales per input ([4], axis 0) or in blocks of 4 along axis 1. */
  private static void oneLayer(OnnxBuilder onnx, String layout) {
    onnx.opset(21).input("x", 1, 4).output("y", 1, 3);
    byte[] q = new byte[12];
    for (int k = 0; k < q.length; k++) {
      q[k] = (byte) (k * 9 - 50);
    }
    onnx.initializer(OnnxBuilder.tensor("w1_q", 3, new long[] {4, 3}).bytes(9, q));
    if (layout.equals("per-input")) {
      onnx.floats("w1_scale", new long[] {4}, 0.01f, 0.02f, 0.03f, 0.04f);
      onnx.node("DequantizeLinear", List.of("w1_q", "w1_scale"), "w1").attr("axis", 0L);
    } else {
      onnx.floats("w1_scale", new long[] {4, 1}, 0.01f, 0.02f, 0.03f, 0.04f);
      onnx.node("DequantizeLinear", List.of("w1_q", "w1_scale"), "w1").attr("axis", 1L).attr("block_size", 4L);
    }
    onnx.node("MatMul", List.of("x", "w1"), "y");
  }

  @Test
  void fourBitWeightsAreNamed() throws Exception {
    OnnxBuilder onnx = new OnnxBuilder();
    onnx.opset(21).input("x", 1, 2).output("y", 1, 1);
    onnx.initializer(OnnxBuilder.tensor("w1_q", 22, new long[] {2, 1}).bytes(9, new byte[] {0x21}));
    onnx.floats("w1_scale", new long[0], 0.5f);
    onnx.node("DequantizeLinear", List.of("w1_q", "w1_scale"), "w1").name("dq");
    onnx.node("MatMul", List.of("x", "w1"), "y");
    Files.write(directory.resolve("int4.onnx"), onnx.build());
    NetworkSource source =
        NetworkSource.of("@Network(weights = \"int4.onnx\")", "interface Net { float[] apply(float[] x); }");
    assertFailsWith(
        source, "weight file int4.onnx: DequantizeLinear 'dq' dequantizes 'w1_q' of data type INT4; Soma reads INT8, UINT8", 1);
  }

  @Test
  void scaleOfTheWrongShapeIsAnError() throws Exception {
    OnnxBuilder onnx = new OnnxBuilder();
    onnx.opset(13).input("x", 1, 4).output("y", 1, 3);
    onnx.initializer(OnnxBuilder.tensor("w1_q", 3, new long[] {4, 3}).bytes(9, new byte[12]));
    onnx.floats("w1_scale", new long[] {2}, 0.5f, 0.25f);
    onnx.node("DequantizeLinear", List.of("w1_q", "w1_scale"), "w1").name("dq");
    onnx.node("MatMul", List.of("x", "w1"), "y");
    Files.write(directory.resolve("bad.onnx"), onnx.build());
    NetworkSource source =
        NetworkSource.of("@Network(weights = \"bad.onnx\")", "interface Net { float[] apply(float[] x); }");
    assertFailsWith(
        source,
        "weight file bad.onnx: DequantizeLinear 'dq': scale 'w1_scale' has shape [2], which does not fit 'w1_q' of shape [4, 3] with axis = 1 and block_size = 0",
        1);
  }

  // ---- safetensors: <name>.weight (I8 or U8) + <name>.weight_scale (+ <name>.weight_zero_point)

  /** A safetensors file from (name, dtype, shape, little-endian bytes) entries, in order. */
  private static byte[] safetensors(Object[]... entries) {
    StringBuilder header = new StringBuilder("{");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Object[] e : entries) {
      byte[] bytes = (byte[]) e[3];
      if (header.length() > 1) {
        header.append(',');
      }
      header.append(String.format(
          Locale.ROOT, "\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}",
          e[0], e[1], e[2], data.size(), data.size() + bytes.length));
      data.writeBytes(bytes);
    }
    return SafeTensorsBytes.file(header.append('}').toString(), data.toByteArray());
  }

  private static byte[] floatBytes(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  /** 3 x 24 int8 weights (72 multiply-adds: the loop form, which bakes a resource and can save). */
  private static final byte[] Q = int8Values(72);
  private static final float[] SCALES = {0.01f, 0.003f, 0.02f};
  private static final float[] BIAS = {0.1f, -0.2f, 0.3f};

  private static byte[] int8Values(int count) {
    byte[] q = new byte[count];
    for (int k = 0; k < count; k++) {
      q[k] = (byte) (k * 37 % 256 - 128); // -128 to 127, both ends included
    }
    return q;
  }

  @ParameterizedTest
  @ValueSource(strings = {"[3]", "[3,1]"})
  void safetensorsInt8RoundTrip(String scaleShape) throws Exception {
    Files.write(
        directory.resolve("q.safetensors"),
        safetensors(
            new Object[] {"fc.weight", "I8", "[3,24]", Q},
            new Object[] {"fc.weight_scale", "F32", scaleShape, floatBytes(SCALES)},
            new Object[] {"fc.bias", "F32", "[3]", floatBytes(BIAS)}));
    Compilation compilation =
        NetworkSource.of(
                "@Network(weights = \"q.safetensors\", storage = Storage.INT8)",
                "@Dense(in = 24, out = 3, name = \"fc\")",
                "interface Net { float[] apply(float[] x); }")
            .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).hadNoteContaining("keeps the int8 values and scales of 'fc.weight' (I8, one scale per output, no zero point)");
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    Path saved = directory.resolve("saved.safetensors");
    network.getClass().getMethod("save", Path.class).invoke(network, saved);
    SafeTensors file = SafeTensors.read(saved);
    assertArrayEquals(Q, file.tensors().get("fc.weight").toByteArray());
    assertArrayEquals(SCALES, file.floats("fc.weight_scale", 3));
    float[] x = new float[24];
    for (int j = 0; j < x.length; j++) {
      x[j] = (j % 5 - 2) * 0.75f;
    }
    float[] y = (float[]) network.getClass().getMethod("apply", float[].class).invoke(network, (Object) x);
    for (int i = 0; i < 3; i++) {
      double expected = BIAS[i];
      for (int j = 0; j < 24; j++) {
        expected += Q[i * 24 + j] * (double) SCALES[i] * x[j];
      }
      assertEquals(expected, y[i], 1e-6 * Math.max(1, Math.abs(expected)));
    }
  }

  @Test
  void safetensorsUint8WithZeroPointImportsAsFloats() throws Exception {
    byte[] q = new byte[12];
    for (int k = 0; k < q.length; k++) {
      q[k] = (byte) (k * 21);
    }
    Files.write(
        directory.resolve("u.safetensors"),
        safetensors(
            new Object[] {"fc.weight", "U8", "[3,4]", q},
            new Object[] {"fc.weight_scale", "F32", "[1]", floatBytes(0.01f)},
            new Object[] {"fc.weight_zero_point", "U8", "[1]", new byte[] {(byte) 100}},
            new Object[] {"fc.bias", "F32", "[3]", floatBytes(BIAS)}));
    NetworkSource source =
        NetworkSource.of(
            "@Network(weights = \"u.safetensors\")",
            "@Dense(in = 4, out = 3, name = \"fc\")",
            "interface Net { float[] apply(float[] x); }");
    Compilation compilation = source.compileWithJavac("-Asoma.weights.dir=" + directory);
    assertThat(compilation).succeededWithoutWarnings();
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    float[] x = {1f, 0f, 0f, 0f};
    float[] y = (float[]) network.getClass().getMethod("apply", float[].class).invoke(network, (Object) x);
    for (int i = 0; i < 3; i++) {
      assertEquals(BIAS[i] + ((q[i * 4] & 0xFF) - 100) * 0.01f, y[i], 1e-6);
    }
    NetworkSource int8 =
        NetworkSource.of(
            "@Network(weights = \"u.safetensors\", storage = Storage.INT8)",
            "@Dense(in = 4, out = 3, name = \"fc\")",
            "interface Net { float[] apply(float[] x); }");
    assertFailsWith(int8, "layer 1 has weights 'fc.weight' quantized as U8, one scale per tensor, zero point 100", 1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "none | tensor 'fc.weight' holds I8 quantized weights but the file has no 'fc.weight_scale'",
        "[4] | scale 'fc.weight_scale' is F32 [4]; expected a floating-point scalar or [1] (per tensor), or [3] or [3, 1] (per output)"
      })
  void safetensorsScaleErrors(String scaleShape, String expected) throws Exception {
    Object[] weight = {"fc.weight", "I8", "[3,4]", new byte[12]};
    Object[] bias = {"fc.bias", "F32", "[3]", floatBytes(BIAS)};
    byte[] file =
        scaleShape.equals("none")
            ? safetensors(weight, bias)
            : safetensors(weight, new Object[] {"fc.weight_scale", "F32", scaleShape, floatBytes(1, 2, 3, 4)}, bias);
    Files.write(directory.resolve("s.safetensors"), file);
    NetworkSource source =
        NetworkSource.of(
            "@Network(weights = \"s.safetensors\")",
            "@Dense(in = 4, out = 3, name = \"fc\")",
            "interface Net { float[] apply(float[] x); }");
    assertFailsWith(
        source, "weight file s.safetensors: layer 1 (@Dense(in = 4, out = 3, name = \"fc\")): " + expected, 1);
  }

  /** Compiling {@code source} fails with an error containing {@code expected} on the test's line {@code line}. */
  private void assertFailsWith(NetworkSource source, String expected, int line) {
    Compilation compilation = source.compileWithJavac("-Asoma.weights.dir=" + directory);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(expected)
        .inFile(source.inMemory())
        .onLine(NetworkSource.line(line));
  }
}
