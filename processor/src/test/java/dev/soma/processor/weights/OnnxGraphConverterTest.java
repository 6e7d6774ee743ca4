package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation.Kind;
import dev.soma.processor.weights.testing.OnnxBuilder;
import dev.soma.processor.weights.testing.ProtoWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnnxGraphConverterTest {
  static final long[] SCALAR = {};

  static long[] dims(long... dims) {
    return dims;
  }

  static ImportedNetwork convert(OnnxBuilder model) throws WeightFileException {
    return OnnxGraphConverter.convert(model.build());
  }

  static String error(OnnxBuilder model) {
    return assertThrows(WeightFileException.class, () -> convert(model)).getMessage();
  }

  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "\"" + message + "\" lacks \"" + part + "\"");
    }
  }

  /** x[., 3] -> Gemm(transB = 1, W = [[1, 2, 3], [4, 5, 6]], C = [10, 20]) -> z[., 2]. */
  static OnnxBuilder gemm3to2(String output) {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3);
    model.floats("W", dims(2, 3), 1, 2, 3, 4, 5, 6).floats("C", dims(2), 10, 20);
    model.node("Gemm", List.of("x", "W", "C"), output).name("fc1").attr("transB", 1L);
    return model;
  }

  @Test
  void gemmWithTransBAlphaAndBeta() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y", -1, 2);
    model.floats("W", dims(2, 3), 1, 2, 3, 4, 5, 6).floats("C", dims(2), 10, 20);
    model
        .node("Gemm", List.of("x", "W", "C"), "y")
        .name("fc1")
        .attr("transB", 1L)
        .attr("alpha", 2.0f)
        .attr("beta", 0.5f);
    ImportedNetwork network = convert(model);
    assertEquals(3, network.inputSize());
    assertEquals(2, network.outputSize());
    ImportedLayer layer = network.layers().get(0);
    assertEquals("Gemm 'fc1'", layer.source());
    assertEquals(Kind.IDENTITY, layer.activation());
    assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, layer.weights());
    assertArrayEquals(new double[] {5, 10}, layer.bias());
  }

  @Test
  void gemmWithoutTransBTransposesInToOut() throws Exception {
    // B is [in = 3, out = 2]: rows [1, 2], [3, 4], [5, 6]; neuron 0 reads column 0.
    OnnxBuilder model = new OnnxBuilder().input("x", 1, 3).output("y");
    model.floats("B", dims(3, 2), 1, 2, 3, 4, 5, 6).floats("C", dims(1, 2), 0.5f, -0.5f);
    model.node("Gemm", List.of("x", "B", "C"), "y");
    ImportedLayer layer = convert(model).layers().get(0);
    assertEquals(3, layer.in());
    assertEquals(2, layer.out());
    assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, layer.weights());
    assertEquals(6, layer.weight(1, 2));
    assertArrayEquals(new double[] {0.5, -0.5}, layer.bias());
    assertEquals("Gemm node 0", layer.source());
  }

  @Test
  void matMulThenAddIsOneLayer() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y");
    model.floats("W", dims(3, 2), 1, 2, 3, 4, 5, 6).floats("b", dims(2), 1, 2);
    model.node("MatMul", List.of("x", "W"), "z");
    model.node("Add", List.of("b", "z"), "y");
    ImportedLayer layer = convert(model).layers().get(0);
    assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, layer.weights());
    assertArrayEquals(new double[] {1, 2}, layer.bias());
  }

  @Test
  void constantArithmeticBeforeTheActivationFoldsIntoTheLayer() throws Exception {
    // z = Wx + C; y = [1, 1] - (z * [2, 3]) / 2  =>  W' = -W * [1, 1.5] per row, b' = 1 - C * [1,
    // 1.5].
    OnnxBuilder model = gemm3to2("z").output("y");
    model.floats("m", dims(2), 2, 3).floats("one", dims(2), 1, 1).floats("two", SCALAR, 2);
    model.node("Mul", List.of("z", "m"), "zm");
    model.node("Div", List.of("zm", "two"), "zd");
    model.node("Sub", List.of("one", "zd"), "y");
    ImportedLayer layer = convert(model).layers().get(0);
    assertArrayEquals(new double[] {-1, -2, -3, -6, -7.5, -9}, layer.weights());
    assertArrayEquals(new double[] {1 - 10, 1 - 30}, layer.bias());
  }

  @Test
  void twoLayersChainWithActivations() throws Exception {
    OnnxBuilder model = gemm3to2("z1").output("y", -1, 1);
    model.node("Relu", "z1", "h1");
    model.floats("W2", dims(1, 2), 0.25f, -0.75f);
    model.node("Gemm", List.of("h1", "W2"), "z2").name("fc2").attr("transB", 1L);
    model.node("Sigmoid", "z2", "y");
    ImportedNetwork network = convert(model);
    assertEquals(3, network.inputSize());
    assertEquals(
        List.of(Kind.RELU, Kind.SIGMOID),
        network.layers().stream().map(ImportedLayer::activation).toList());
    assertArrayEquals(new double[] {0.25, -0.75}, network.layers().get(1).weights());
    assertArrayEquals(new double[] {0}, network.layers().get(1).bias());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "Relu, RELU",
    "Sigmoid, SIGMOID",
    "Tanh, TANH",
    "Identity, IDENTITY",
    "Dropout, IDENTITY"
  })
  void singleOperatorActivations(String op, Kind expected) throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node(op, "z", "y");
    assertEquals(expected, convert(model).layers().get(0).activation());
  }

  @Test
  void leakyReluKeepsItsAlphaAndDefaultsTo001() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("LeakyRelu", "z", "y").attr("alpha", 0.2f);
    ImportedLayer layer = convert(model).layers().get(0);
    assertEquals(Kind.LEAKY_RELU, layer.activation());
    assertEquals(0.2f, layer.alpha(), 0.0);

    OnnxBuilder defaulted = gemm3to2("z").output("y");
    defaulted.node("LeakyRelu", "z", "y");
    assertEquals(0.01, convert(defaulted).layers().get(0).alpha(), 0.0);
  }

  @ParameterizedTest(name = "opset {0}, axis {1}")
  @CsvSource({"13, ''", "13, -1", "11, ''", "11, 1"})
  void softmaxOverTheFeatures(long opset, String axis) throws Exception {
    OnnxBuilder model = gemm3to2("z").opset(opset).output("y");
    OnnxBuilder.Node softmax = model.node("Softmax", "z", "y");
    if (!axis.isEmpty()) {
      softmax.attr("axis", Long.parseLong(axis));
    }
    assertEquals(Kind.SOFTMAX, convert(model).layers().get(0).activation());
  }

  @Test
  void softmaxOverTheBatchIsAnError() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Softmax", "z", "y").attr("axis", 0L);
    assertContains(error(model), "Softmax node 1", "axis = 0");
  }

  @ParameterizedTest(name = "Gelu approximate={0}")
  @CsvSource({"none, GELU", "tanh, GELU_TANH", "'', GELU"})
  void geluOperator(String approximate, Kind expected) throws Exception {
    OnnxBuilder model = gemm3to2("z").opset(20).output("y");
    OnnxBuilder.Node gelu = model.node("Gelu", "z", "y");
    if (!approximate.isEmpty()) {
      gelu.attr("approximate", approximate);
    }
    assertEquals(expected, convert(model).layers().get(0).activation());
  }

  /** PyTorch's erf GELU export: Div(z, sqrt 2), Erf, Add 1, Mul by z, Mul by 0.5. */
  @Test
  void erfGeluSubgraphAsPyTorchExportsIt() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model
        .floats("sqrt2", SCALAR, 1.4142135f)
        .floats("one", SCALAR, 1f)
        .floats("half", SCALAR, 0.5f);
    model.node("Div", List.of("z", "sqrt2"), "d");
    model.node("Erf", "d", "e");
    model.node("Add", List.of("e", "one"), "a");
    model.node("Mul", List.of("z", "a"), "m");
    model.node("Mul", List.of("m", "half"), "y");
    ImportedNetwork network = convert(model);
    assertEquals(1, network.layers().size());
    assertEquals(Kind.GELU, network.layers().get(0).activation());
  }

  /** The same function with the halving first and Constant nodes instead of initializers. */
  @Test
  void erfGeluSubgraphInAnotherOrderWithConstantNodes() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Constant", List.of(), "half").attr("value_float", 0.5f);
    model
        .node("Constant", List.of(), "sqrt2")
        .attr(
            "value",
            OnnxBuilder.tensor("sqrt2v", OnnxBuilder.FLOAT, SCALAR).packedFloats(4, 1.4142135f));
    model.node("Constant", List.of(), "one").attr("value_float", 1f);
    model.node("Mul", List.of("half", "z"), "h");
    model.node("Div", List.of("z", "sqrt2"), "d");
    model.node("Erf", "d", "e");
    model.node("Add", List.of("one", "e"), "a");
    model.node("Mul", List.of("h", "a"), "y");
    assertEquals(Kind.GELU, convert(model).layers().get(0).activation());
  }

  /** GELU's tanh approximation spelled out: 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))). */
  @Test
  void tanhGeluSubgraph() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.floats("three", SCALAR, 3f).floats("c", SCALAR, 0.044715f);
    model.floats("k", SCALAR, 0.7978846f).floats("one", SCALAR, 1f).floats("half", SCALAR, 0.5f);
    model.node("Pow", List.of("z", "three"), "p");
    model.node("Mul", List.of("p", "c"), "pc");
    model.node("Add", List.of("z", "pc"), "inner");
    model.node("Mul", List.of("inner", "k"), "scaled");
    model.node("Tanh", "scaled", "t");
    model.node("Add", List.of("t", "one"), "a");
    model.node("Mul", List.of("z", "a"), "m");
    model.node("Mul", List.of("m", "half"), "y");
    assertEquals(Kind.GELU_TANH, convert(model).layers().get(0).activation());
  }

  @Test
  void swishSubgraph() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Sigmoid", "z", "s");
    model.node("Mul", List.of("z", "s"), "y");
    assertEquals(Kind.SWISH, convert(model).layers().get(0).activation());
  }

  @Test
  void elementwiseSubgraphThatIsNoActivationIsAnError() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Mul", List.of("z", "z"), "y");
    assertContains(error(model), "Mul node 1 after Gemm 'fc1'", "compute no single activation");
  }

  @Test
  void batchNormalizationFoldsIntoThePrecedingLayer() throws Exception {
    // W = [[1, 2], [3, 4]], C = [1, -1]; BN with epsilon 1: s = scale / sqrt(var + 1) = [2/2,
    // 0.5/1].
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2).output("y");
    model.floats("W", dims(2, 2), 1, 2, 3, 4).floats("C", dims(2), 1, -1);
    model.floats("scale", dims(2), 2, 0.5f).floats("shift", dims(2), 0.25f, 0.5f);
    model.floats("mean", dims(2), 1, 0).floats("var", dims(2), 3, 0);
    model.node("Gemm", List.of("x", "W", "C"), "z").attr("transB", 1L);
    model
        .node("BatchNormalization", List.of("z", "scale", "shift", "mean", "var"), "n")
        .attr("epsilon", 1f);
    model.node("Relu", "n", "y");
    ImportedLayer layer = convert(model).layers().get(0);
    assertArrayEquals(new double[] {1, 2, 1.5, 2}, layer.weights());
    // b' = (C - mean) * s + shift = [(1 - 1) * 1 + 0.25, (-1 - 0) * 0.5 + 0.5]
    assertArrayEquals(new double[] {0.25, 0}, layer.bias());
    assertEquals(Kind.RELU, layer.activation());
  }

  /**
   * An initializer renamed by 300 Identity nodes is one tensor under 301 names, not 300 copies: the
   * conversion allocates a small multiple of the weights, where copies would allocate 300 times them.
   */
  @Test
  void identityChainsOfAnInitializerAreNotCopied() throws Exception {
    int in = 256;
    int out = 256;
    float[] values = new float[in * out];
    for (int k = 0; k < values.length; k++) {
      values[k] = (k % 7) - 3;
    }
    OnnxBuilder model = new OnnxBuilder().input("x", -1, in).output("y");
    model.floats("W", dims(in, out), values);
    String previous = "W";
    for (int k = 0; k < 300; k++) {
      model.node("Identity", previous, "W" + k);
      previous = "W" + k;
    }
    model.node("MatMul", List.of("x", previous), "y");
    byte[] bytes = model.build();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    ImportedNetwork network = OnnxGraphConverter.convert(bytes);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // the layer holds W transposed: weight of input j into neuron i is W[j][i]
    assertEquals(values[7 * out + 5], network.layers().get(0).weights()[5 * in + 7]);
    assertEquals(values[200 * out + 255], network.layers().get(0).weights()[255 * in + 200]);
    long doubles = 8L * in * out;
    assertTrue(allocated < 20 * doubles, "allocated " + allocated + " bytes for " + doubles + " bytes of weights");
  }

  @Test
  void batchNormalizationDefaultEpsilon() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 1).output("y");
    model.floats("W", dims(1, 1), 2).floats("scale", dims(1), 1).floats("shift", dims(1), 0);
    model.floats("mean", dims(1), 0).floats("var", dims(1), 1);
    model.node("MatMul", List.of("x", "W"), "z");
    model.node("BatchNormalization", List.of("z", "scale", "shift", "mean", "var"), "y");
    assertEquals(2 / Math.sqrt(1 + 1e-5), convert(model).layers().get(0).weights()[0], 1e-15);
  }

  @Test
  void batchNormalizationBeforeAnyLayerIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 1).output("y");
    model
        .floats("s", dims(1), 1)
        .floats("b", dims(1), 0)
        .floats("m", dims(1), 0)
        .floats("v", dims(1), 1);
    model.node("BatchNormalization", List.of("x", "s", "b", "m", "v"), "y");
    assertContains(error(model), "BatchNormalization node 0", "before the first Gemm or MatMul");
  }

  @Test
  void flattenIdentityAndDropoutPassThrough() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2, 2).output("y");
    model.floats("W", dims(4, 1), 1, 2, 3, 4);
    model.node("Flatten", "x", "f").attr("axis", 1L);
    model.node("Identity", "f", "i");
    model.node("MatMul", List.of("i", "W"), "z");
    model.node("Dropout", "z", "y");
    ImportedNetwork network = convert(model);
    assertEquals(4, network.inputSize());
    assertArrayEquals(new double[] {1, 2, 3, 4}, network.layers().get(0).weights());
  }

  @Test
  void initializerEncodingsDecodeExactly() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 4).output("y");
    // FLOAT16 raw: 1.0, -2.0, 0.5, 2^-24 (subnormal); BFLOAT16 in int32_data: 1.0, -3.0.
    model.halves("W1", OnnxBuilder.FLOAT16, true, dims(1, 4), 0x3C00, 0xC000, 0x3800, 0x0001);
    model.halves("b1", OnnxBuilder.BFLOAT16, false, dims(1), 0xC040);
    model.floatData("W2", dims(1, 1), 0.1f);
    model.doubleData("b2", dims(1), 0.1);
    model.doubles("W3", dims(1, 1), Math.PI);
    model.node("Gemm", List.of("x", "W1", "b1"), "z1").attr("transB", 1L);
    model.node("Gemm", List.of("z1", "W2", "b2"), "z2");
    model.node("MatMul", List.of("z2", "W3"), "y");
    List<ImportedLayer> layers = convert(model).layers();
    assertArrayEquals(new double[] {1, -2, 0.5, Math.scalb(1.0, -24)}, layers.get(0).weights());
    assertArrayEquals(new double[] {-3}, layers.get(0).bias());
    assertArrayEquals(new double[] {0.1f}, layers.get(1).weights());
    assertArrayEquals(new double[] {0.1}, layers.get(1).bias());
    assertArrayEquals(new double[] {Math.PI}, layers.get(2).weights());
  }

  @Test
  void reshapeToBatchByFeaturesPassesThrough() throws Exception {
    // x.view(-1, 4) on a [batch, 2, 2] input, as PyTorch exports it.
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2, 2).output("y");
    model.int64s("shape", dims(2), -1, 4).floats("W", dims(4, 1), 1, 2, 3, 4);
    model.node("Reshape", List.of("x", "shape"), "flat");
    model.node("MatMul", List.of("flat", "W"), "y");
    ImportedNetwork network = convert(model);
    assertEquals(4, network.inputSize());
  }

  @Test
  void reshapeToTheWrongFeatureCountIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 4).output("y");
    model.int64s("shape", dims(2), -1, 5).floats("W", dims(4, 1), 1, 2, 3, 4);
    model.node("Reshape", List.of("x", "shape"), "flat").name("view");
    model.node("MatMul", List.of("flat", "W"), "y").name("fc");
    assertContains(error(model), "Reshape 'view' gives 5 features, but MatMul 'fc' takes 4 inputs");
  }

  @Test
  void transposeOfAConstantWeightIsFolded() throws Exception {
    // MatMul(x, Transpose(W)) with W [out = 2, in = 3] is nn.Linear: the weights are W itself.
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y");
    model.floats("W", dims(2, 3), 1, 2, 3, 4, 5, 6);
    model.node("Transpose", "W", "Wt").attrInts("perm", 1, 0);
    model.node("MatMul", List.of("x", "Wt"), "y");
    ImportedLayer layer = convert(model).layers().get(0);
    assertEquals(3, layer.in());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, layer.weights());
  }

  @Test
  void transposeOfTheDataIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y");
    model.floats("W", dims(3, 2), 1, 2, 3, 4, 5, 6);
    model.node("MatMul", List.of("x", "W"), "z");
    model.node("Transpose", "z", "y");
    assertContains(error(model), "Transpose node 1 transposes the data");
  }

  /**
   * Random weights through Gemm (transB 0, alpha, beta), BatchNormalization and constant
   * arithmetic; the imported layer must compute what the ONNX operators define, evaluated here
   * operator by operator from the same random arrays.
   */
  @Test
  void foldedLayerComputesWhatTheOperatorsDefine() throws Exception {
    java.util.Random random = new java.util.Random(7);
    int in = 5;
    int out = 4;
    float[] b = new float[in * out]; // Gemm B, [in, out]
    float[] c = new float[out];
    float[] scale = new float[out];
    float[] shift = new float[out];
    float[] mean = new float[out];
    float[] variance = new float[out];
    float[] m = new float[out];
    for (int k = 0; k < b.length; k++) {
      b[k] = (float) random.nextGaussian();
    }
    for (int i = 0; i < out; i++) {
      c[i] = (float) random.nextGaussian();
      scale[i] = (float) random.nextGaussian();
      shift[i] = (float) random.nextGaussian();
      mean[i] = (float) random.nextGaussian();
      variance[i] = (float) (0.1 + random.nextDouble());
      m[i] = (float) random.nextGaussian();
    }
    float alpha = 0.75f;
    float beta = -1.5f;
    float epsilon = 1e-3f;
    OnnxBuilder model = new OnnxBuilder().input("x", -1, in).output("y");
    model.floats("B", dims(in, out), b).floats("C", dims(out), c);
    model.floats("scale", dims(out), scale).floats("shift", dims(out), shift);
    model
        .floats("mean", dims(out), mean)
        .floats("var", dims(out), variance)
        .floats("m", dims(out), m);
    model.node("Gemm", List.of("x", "B", "C"), "z").attr("alpha", alpha).attr("beta", beta);
    model
        .node("BatchNormalization", List.of("z", "scale", "shift", "mean", "var"), "n")
        .attr("epsilon", epsilon);
    model.node("Mul", List.of("n", "m"), "y");
    ImportedLayer layer = convert(model).layers().get(0);

    for (int trial = 0; trial < 20; trial++) {
      double[] x = new double[in];
      for (int j = 0; j < in; j++) {
        x[j] = random.nextGaussian();
      }
      for (int i = 0; i < out; i++) {
        // Gemm: alpha * sum_j x[j] * B[j][i] + beta * C[i]
        double z = 0;
        for (int j = 0; j < in; j++) {
          z += x[j] * b[j * out + i];
        }
        z = alpha * z + (double) beta * c[i]; // in double, as the converter folds
        // BatchNormalization: (z - mean) / sqrt(var + epsilon) * scale + B
        double n = (z - mean[i]) / Math.sqrt(variance[i] + (double) epsilon) * scale[i] + shift[i];
        double expected = n * m[i];
        double actual = layer.bias()[i];
        for (int j = 0; j < in; j++) {
          actual += layer.weight(i, j) * x[j];
        }
        assertEquals(expected, actual, 1e-12 * (1 + Math.abs(expected)));
      }
    }
  }

  // ------------------------------------------------------------------ bad graphs

  @Test
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void cycleIsAnErrorNotAHang() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Add", List.of("z", "loop"), "a").name("back");
    model.node("Relu", "a", "loop").name("forth");
    model.node("Relu", "a", "y");
    assertContains(error(model), "cycle", "Add 'back'", "Relu 'forth'");
  }

  @Test
  void missingInputIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y");
    model.node("Gemm", List.of("x", "W"), "y").name("fc1");
    assertContains(error(model), "Gemm 'fc1' reads 'W'", "no node, initializer or graph input");
  }

  @Test
  void everyUnsupportedOperatorIsNamed() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Conv", "z", "c").name("conv1");
    model.node("MaxPool", "c", "m");
    model.node("Conv", "m", "c2").name("conv2");
    model.node("FusedGemm", "c2", "y").domain("com.microsoft").name("fused");
    String error = error(model);
    assertContains(
        error,
        "unsupported ONNX operators Conv (node 'conv1', node 'conv2'), MaxPool (node 2),"
            + " com.microsoft:FusedGemm (node 'fused'); Soma supports ");
    assertContains(
        error,
        ". Instead: Soma generates dense networks, and convolution, pooling, recurrent and attention"
            + " layers have no Soma equivalent: export only the dense part of the model, or run this"
            + " one with an ONNX runtime; operators of another domain come from a graph an optimiser"
            + " or converter rewrote (such as ONNX Runtime's optimised model): export the original"
            + " model, which uses standard ONNX operators");
  }

  @Test
  void anUnsupportedOperatorNamesAtMostThreeNodesAndAdvises() {
    OnnxBuilder model = gemm3to2("z").output("y");
    String value = "z";
    for (int i = 0; i < 5; i++) {
      String next = i == 4 ? "y" : "h" + i;
      model.node("Elu", value, next).name("elu" + i);
      value = next;
    }
    assertContains(
        error(model),
        "unsupported ONNX operator Elu (node 'elu0', node 'elu1', node 'elu2' and 2 more); Soma supports ");
    assertContains(
        error(model),
        ". Instead: export the model without such operators (for example with the arithmetic done on"
            + " the inputs in your code), or save the weights as safetensors and declare the layers"
            + " with @Dense, @Activation and @LayerNorm");
  }

  @Test
  void severalActivationsInARowBelongToTheLayer() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Relu", "z", "r");
    model.node("Sigmoid", "r", "s");
    model.node("Softmax", "s", "y").attr("axis", -1L);
    ImportedLayer layer = convert(model).layers().get(0);
    assertEquals(
        List.of(
            new ImportedLayer.Applied(Kind.RELU, 0),
            new ImportedLayer.Applied(Kind.SIGMOID, 0),
            new ImportedLayer.Applied(Kind.SOFTMAX, 0)),
        layer.activations());
  }

  @Test
  void constantArithmeticAfterTheLastActivationIsAnError() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.floats("b", dims(2), 1, 2);
    model.node("Relu", "z", "r");
    model.node("Add", List.of("r", "b"), "y");
    assertContains(
        error(model),
        "constant arithmetic Add node 2 follows the RELU activation of the last layer (Gemm"
            + " 'fc1')",
        "apply it to the network's outputs in your code");
  }

  @Test
  void inputNormalisationFoldsIntoTheFirstLayer() throws Exception {
    // y = W ((x - 2) / 4 * m) + C with m = [1, -1, 2]: W' = W * m / 4 per column,
    // b' = C + W (-2 m / 4) = C - W m / 2.
    OnnxBuilder model = new OnnxBuilder().input("x", 1, 1, 3).output("y");
    model.floats("W", dims(2, 3), 1, 2, 3, 4, 5, 6).floats("C", dims(2), 10, 20);
    model.floats("m", dims(1, 1, 3), 1, -1, 2);
    model.node("Constant", List.of(), "two").attr("value", OnnxBuilder.tensor("t", OnnxBuilder.FLOAT, SCALAR).packedFloats(4, 2f));
    model.node("Constant", List.of(), "four").attr("value_float", 4f);
    model.node("Sub", List.of("x", "two"), "c");
    model.node("Div", List.of("c", "four"), "n");
    model.node("Mul", List.of("m", "n"), "s");
    model.node("Flatten", "s", "f").attr("axis", 1L);
    model.node("Gemm", List.of("f", "W", "C"), "y").name("fc1").attr("transB", 1L);
    ImportedNetwork network = convert(model);
    ImportedLayer layer = network.layers().get(0);
    assertArrayEquals(new double[] {0.25, -0.5, 1.5, 1, -1.25, 3}, layer.weights());
    assertArrayEquals(new double[] {10 - (1 - 2 + 6) / 2.0, 20 - (4 - 5 + 12) / 2.0}, layer.bias());
    assertEquals(1, network.foldings().size());
    assertEquals(
        "weight file f.onnx: layer 1 (Gemm 'fc1') reads (x - 2.0) / 4.0 * 'm' [1, 1, 3], computed"
            + " by Sub node 2, Div node 3, Mul node 4; Soma folds this into that layer's weights and"
            + " bias",
        network.foldingNotes("f.onnx").get(0).text());
  }

  @Test
  void constantArithmeticAfterAnActivationFoldsIntoTheNextLayer() throws Exception {
    // Layer 2 reads 10 - 2 * relu(z): W2' = -2 W2, b2' = b2 + 10 * rowsum(W2).
    OnnxBuilder model = gemm3to2("z").output("y");
    model.floats("W2", dims(2, 1), 1, 3).floats("b2", dims(1), 0.5f);
    model.floats("ten", SCALAR, 10).floats("two", SCALAR, 2);
    model.node("Relu", "z", "r");
    model.node("Mul", List.of("r", "two"), "d");
    model.node("Sub", List.of("ten", "d"), "t");
    model.node("MatMul", List.of("t", "W2"), "p");
    model.node("Add", List.of("p", "b2"), "y");
    ImportedLayer second = convert(model).layers().get(1);
    assertArrayEquals(new double[] {-2, -6}, second.weights());
    assertArrayEquals(new double[] {0.5 + 10 * (1 + 3)}, second.bias());
  }

  @Test
  void constantArithmeticFollowedByAnActivationIsAnError() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.floats("W2", dims(2, 1), 1, 3).floats("two", SCALAR, 2);
    model.node("Relu", "z", "r");
    model.node("Mul", List.of("r", "two"), "d");
    model.node("Sigmoid", "d", "s");
    model.node("MatMul", List.of("s", "W2"), "y");
    assertContains(
        error(model),
        "constant arithmetic Mul node 2 is followed by Sigmoid node 3, not by a Gemm or MatMul");
  }

  @Test
  void inputConstantOfAnotherShapeIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", 1, 3).output("y");
    model.floats("W", dims(2, 3), 1, 2, 3, 4, 5, 6).floats("mean", dims(2), 1, 2);
    model.node("Sub", List.of("x", "mean"), "c");
    model.node("Gemm", List.of("c", "W"), "y").name("fc1").attr("transB", 1L);
    assertContains(
        error(model),
        "Sub node 0: constant 'mean' has shape [2]; to fold it into layer 1 (Gemm 'fc1') Soma"
            + " needs a scalar or one value per input feature (3)");
  }

  @Test
  void divisionOfAConstantByTheInputIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", 1, 3).output("y");
    model.floats("W", dims(2, 3), 1, 2, 3, 4, 5, 6).floats("one", SCALAR, 1);
    model.node("Div", List.of("one", "x"), "r");
    model.node("Gemm", List.of("r", "W"), "y").attr("transB", 1L);
    assertContains(error(model), "applies Div node 0 before the first Gemm or MatMul");
  }

  @Test
  void activationBeforeTheFirstLayerIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2).output("y");
    model.floats("W", dims(2, 2), 1, 2, 3, 4);
    model.node("Relu", "x", "r");
    model.node("MatMul", List.of("r", "W"), "y");
    assertContains(error(model), "Relu node 0", "before the first Gemm or MatMul");
  }

  @Test
  void branchingGraphIsAnError() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.floats("W2", dims(2, 2), 1, 0, 0, 1);
    model.node("Relu", "z", "r");
    model.node("MatMul", List.of("z", "W2"), "skip");
    model.node("Add", List.of("r", "skip"), "y");
    assertContains(error(model), "branches");
  }

  @Test
  void twoDataInputsAreAnError() {
    OnnxBuilder model = gemm3to2("y").output("y").input("extra", 1);
    assertContains(error(model), "2 data inputs [x, extra]");
  }

  @Test
  void transAIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", 3, -1).output("y");
    model.floats("W", dims(3, 2), 1, 2, 3, 4, 5, 6);
    model.node("Gemm", List.of("x", "W"), "y").attr("transA", 1L);
    assertContains(error(model), "transA = 1");
  }

  @Test
  void layerSizesThatDoNotChainAreAnError() {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.floats("W2", dims(4, 1), 1, 2, 3, 4);
    model.node("MatMul", List.of("z", "W2"), "y").name("fc2");
    assertContains(error(model), "MatMul 'fc2' takes 4 inputs", "(Gemm 'fc1') gives 2");
  }

  @Test
  void declaredInputShapeMustMatchTheFirstLayer() {
    OnnxBuilder model = new OnnxBuilder().input("x", 1, 5).output("y");
    model.floats("W", dims(3, 2), 1, 2, 3, 4, 5, 6);
    model.node("MatMul", List.of("x", "W"), "y");
    assertContains(error(model), "graph input 'x' has shape [1, 5] (5 features)", "takes 3 inputs");
  }

  @Test
  void externalDataIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 1).output("y");
    model.initializer(OnnxBuilder.tensor("W", OnnxBuilder.FLOAT, dims(1, 1)).varint(14, 1));
    model.node("MatMul", List.of("x", "W"), "y");
    assertContains(error(model), "'W' is stored in an external data file");
  }

  @Test
  void rawDataOfTheWrongSizeIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2).output("y");
    model.initializer(
        OnnxBuilder.tensor("W", OnnxBuilder.FLOAT, dims(2, 2)).bytes(9, new byte[12]));
    model.node("MatMul", List.of("x", "W"), "y");
    assertContains(error(model), "'W' with dims [2, 2] needs 16 bytes of raw_data; found 12");
  }

  @Test
  void integerWeightsAreAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 1).output("y");
    model.initializer(OnnxBuilder.tensor("W", 3, dims(1, 1)).bytes(9, new byte[1])); // INT8
    model.node("MatMul", List.of("x", "W"), "y");
    assertContains(error(model), "'W' has data type INT8");
  }

  @Test
  void graphWithoutLinearLayerIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 1).output("y");
    model.node("Identity", "x", "y");
    assertContains(error(model), "no Gemm or MatMul");
  }

  @Test
  void modelWithoutGraphIsAnError() {
    byte[] noGraph = new ProtoWriter().varint(1, 8).string(2, "x").toByteArray();
    String message =
        assertThrows(WeightFileException.class, () -> OnnxGraphConverter.convert(noGraph))
            .getMessage();
    assertContains(message, "no graph");
  }

  /**
   * Cutting a model anywhere gives a {@link WeightFileException}, never another exception, except
   * where the cut falls between two top-level fields: protobuf cannot tell such a prefix from a
   * complete message, and the prefix is then itself a valid model.
   */
  @Test
  void truncatedModelsFailWithAClearMessage() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y");
    model.node("Relu", "z", "y");
    byte[] whole = model.build();
    assertEquals(Kind.RELU, convert(model).layers().get(0).activation());
    int parsed = 0;
    for (int length = 0; length < whole.length; length++) {
      try {
        OnnxGraphConverter.convert(Arrays.copyOf(whole, length));
        parsed++;
      } catch (WeightFileException e) {
        assertTrue(e.getMessage().length() > 10, e.getMessage());
      }
    }
    assertEquals(1, parsed, "only the prefix without the trailing opset_import field parses");
  }
}
