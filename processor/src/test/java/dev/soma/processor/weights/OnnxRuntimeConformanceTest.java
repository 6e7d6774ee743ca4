package dev.soma.processor.weights;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.processor.weights.testing.OnnxBuilder;
import java.lang.reflect.Method;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance against a reference no one here wrote: random ONNX models covering every supported
 * operator, compiled by Soma from the ONNX file alone, and run through ONNX Runtime on the same
 * 1,000 random inputs. Outputs agree within 1e-5 (float) or 1e-12 (double), scaled by magnitude.
 */
class OnnxRuntimeConformanceTest {
  private static final int INPUTS = 1000;
  private static final long[] SCALAR = {};

  private static OrtEnvironment environment;

  @TempDir Path directory;

  @BeforeAll
  static void startOnnxRuntime() {
    environment = OrtEnvironment.getEnvironment();
  }


  /**
   * A model: its builder fills a graph from input "x" ([1, in] unless given; a negative dimension
   * is a symbolic batch, fed as 1) to output "y".
   */
  private static final class Model {
    final int in;
    final long[] inputShape;
    final OnnxBuilder onnx;
    final SplittableRandom random;
    final boolean doubles;

    Model(long seed, int in, boolean doubles) {
      this(seed, doubles, 1, in);
    }

    Model(long seed, boolean doubles, long... inputShape) {
      this.inputShape = inputShape.clone();
      int features = 1;
      for (int k = 0; k < inputShape.length; k++) {
        features *= (int) Math.abs(inputShape[k]);
        this.inputShape[k] = Math.abs(inputShape[k]);
      }
      this.in = features;
      this.doubles = doubles;
      this.random = new SplittableRandom(seed);
      this.onnx = new OnnxBuilder();
      if (doubles) {
        onnx.elementType(OnnxBuilder.DOUBLE);
      }
      onnx.input("x", inputShape).output("y");
    }

    /** A random initializer of the given dimensions. */
    void tensor(String name, long... dims) {
      int count = 1;
      for (long d : dims) {
        count *= (int) d;
      }
      double scale = 1 / Math.sqrt(dims.length == 2 ? dims[0] : 4);
      double[] values = random.doubles(count, -scale, scale).toArray();
      if (doubles) {
        onnx.doubles(name, dims, values);
      } else {
        float[] floats = new float[count];
        for (int k = 0; k < count; k++) {
          floats[k] = (float) values[k];
        }
        onnx.floats(name, dims, floats);
      }
    }

    void constant(String name, float value) {
      if (doubles) {
        onnx.doubles(name, SCALAR, value);
      } else {
        onnx.floats(name, SCALAR, value);
      }
    }

    /** A Constant node holding a float scalar, as torch.onnx.export writes them. */
    void constantNode(String node, String output, float value) {
      onnx.node("Constant", List.of(), output)
          .name(node)
          .attr("value", OnnxBuilder.tensor("", OnnxBuilder.FLOAT, SCALAR).packedFloats(4, value));
    }

    /**
     * torch.onnx.export's first nodes for {@code (x - 0.1307) / 0.3081} then {@code Flatten}:
     * values named {@code first} to {@code first + 4}, nodes {@code Constant_0} to {@code
     * Flatten_4}; returns the flattened value's name.
     */
    String torchNormaliseAndFlatten(int first) {
      String[] v = new String[5];
      for (int k = 0; k < 5; k++) {
        v[k] = String.valueOf(first + k);
      }
      constantNode("Constant_0", v[0], 0.1307f);
      onnx.node("Sub", List.of("x", v[0]), v[1]).name("Sub_1");
      constantNode("Constant_2", v[2], 0.3081f);
      onnx.node("Div", List.of(v[1], v[2]), v[3]).name("Div_3");
      onnx.node("Flatten", v[3], v[4]).name("Flatten_4").attr("axis", 1L);
      return v[4];
    }

    /** Gemm with weights [out, in] (transB = 1). */
    void gemm(String input, String output, int inputs, int outputs) {
      tensor(output + "_W", outputs, inputs);
      tensor(output + "_B", outputs);
      onnx.node("Gemm", List.of(input, output + "_W", output + "_B"), output).attr("transB", 1L);
    }
  }

  private static Model model(String name) {
    switch (name) {
      case "gemm-relu-sigmoid":
        {
          Model m = new Model(1, 8, false);
          m.gemm("x", "h", 8, 16);
          m.onnx.node("Relu", "h", "a");
          m.gemm("a", "z", 16, 3);
          m.onnx.node("Sigmoid", "z", "y");
          return m;
        }
      case "gemm-alpha-beta-tanh-softmax":
        {
          Model m = new Model(2, 6, false);
          m.tensor("W", 6, 12); // transB = 0: weights [in, out]
          m.tensor("B", 12);
          m.onnx.node("Gemm", List.of("x", "W", "B"), "h").attr("alpha", 0.5f).attr("beta", 2f);
          m.onnx.node("Tanh", "h", "a");
          m.gemm("a", "z", 12, 5);
          m.onnx.node("Softmax", "z", "y").attr("axis", -1L);
          return m;
        }
      case "matmul-add-leaky-identity":
        {
          Model m = new Model(3, 5, false);
          m.tensor("W1", 5, 9);
          m.tensor("B1", 9);
          m.onnx.node("MatMul", List.of("x", "W1"), "p");
          m.onnx.node("Add", List.of("p", "B1"), "h");
          m.onnx.node("LeakyRelu", "h", "a").attr("alpha", 0.2f);
          m.tensor("W2", 9, 2);
          m.tensor("B2", 2);
          m.onnx.node("MatMul", List.of("a", "W2"), "q");
          m.onnx.node("Add", List.of("q", "B2"), "z");
          m.onnx.node("Identity", "z", "y");
          return m;
        }
      case "flatten-gelu-operator":
        {
          Model m = new Model(4, 7, false);
          m.onnx.opset(20);
          m.onnx.node("Flatten", "x", "f").attr("axis", 1L);
          m.gemm("f", "h", 7, 10);
          m.onnx.node("Gelu", "h", "a");
          m.gemm("a", "y", 10, 4);
          return m;
        }
      case "erf-gelu-subgraph":
        {
          Model m = new Model(5, 4, false);
          m.gemm("x", "h", 4, 8);
          m.constant("sqrt2", 1.4142135f);
          m.constant("one", 1f);
          m.constant("half", 0.5f);
          m.onnx.node("Div", List.of("h", "sqrt2"), "d");
          m.onnx.node("Erf", "d", "e");
          m.onnx.node("Add", List.of("e", "one"), "s");
          m.onnx.node("Mul", List.of("h", "s"), "g");
          m.onnx.node("Mul", List.of("g", "half"), "a");
          m.gemm("a", "y", 8, 3);
          return m;
        }
      case "batchnorm-folded":
        {
          Model m = new Model(6, 6, false);
          m.gemm("x", "h", 6, 8);
          m.tensor("scale", 8);
          m.tensor("shift", 8);
          m.tensor("mean", 8);
          m.onnx.floats("var", new long[] {8}, 0.5f, 1f, 2f, 0.25f, 1.5f, 3f, 0.75f, 1f);
          m.onnx.node("BatchNormalization", List.of("h", "scale", "shift", "mean", "var"), "n").attr("epsilon", 1e-3f);
          m.onnx.node("Relu", "n", "a");
          m.gemm("a", "y", 8, 2);
          return m;
        }
      case "mnist-sized-loops":
        {
          Model m = new Model(7, 784, false);
          m.gemm("x", "h", 784, 128);
          m.onnx.node("Relu", "h", "a");
          m.gemm("a", "z", 128, 10);
          m.onnx.node("Softmax", "z", "y");
          return m;
        }
      case "double-gemm-tanh-softmax":
        {
          Model m = new Model(8, 6, true);
          m.gemm("x", "h", 6, 30);
          m.onnx.node("Tanh", "h", "a");
          m.gemm("a", "b", 30, 20);
          m.onnx.node("Sigmoid", "b", "c");
          m.gemm("c", "z", 20, 4);
          m.onnx.node("Softmax", "z", "y");
          return m;
        }
      case "torch-export-normalise-flatten-relu-softmax":
        {
          // torch.onnx.export (opset 9) of Sequential(Normalize((x - 0.1307) / 0.3081), Flatten,
          // Linear, ReLU, Linear, ReLU, Softmax): the exporter's node names and pattern.
          Model m = new Model(9, false, 1, 1, 4, 4);
          m.onnx.opset(9);
          m.torchNormaliseAndFlatten(7);
          m.gemm("11", "12", 16, 12);
          m.onnx.node("Relu", "12", "13").name("Relu_6");
          m.gemm("13", "14", 12, 5);
          m.onnx.node("Relu", "14", "15").name("Relu_8");
          m.onnx.node("Softmax", "15", "y").name("Softmax_9").attr("axis", 1L);
          return m;
        }
      case "matlab-ir3-mean-image-initializers-as-inputs":
        {
          // MATLAB's exporter: IR 3, opset 8, every initializer also a graph input, the mean
          // image subtracted before Flatten, MatMul + Add layers.
          Model m = new Model(10, false, 1, 1, 1, 5);
          m.onnx.irVersion(3).opset(8);
          m.tensor("AvgImg", 1, 1, 1, 5);
          m.tensor("W1", 5, 7);
          m.tensor("B1", 1, 7);
          m.tensor("W2", 7, 3);
          m.tensor("B2", 1, 3);
          m.onnx.input("AvgImg", 1, 1, 1, 5).input("W1", 5, 7).input("B1", 1, 7);
          m.onnx.input("W2", 7, 3).input("B2", 1, 3);
          m.onnx.node("Sub", List.of("x", "AvgImg"), "centred");
          m.onnx.node("Flatten", "centred", "f").attr("axis", 1L);
          m.onnx.node("MatMul", List.of("f", "W1"), "p1");
          m.onnx.node("Add", List.of("p1", "B1"), "h");
          m.onnx.node("Relu", "h", "a");
          m.onnx.node("MatMul", List.of("a", "W2"), "p2");
          m.onnx.node("Add", List.of("p2", "B2"), "y");
          return m;
        }
      case "symbolic-batch-affine-around-activation":
        {
          // [batch, 6]; per-feature Mul between Gemm and Tanh (folded into layer 1), scalar Mul
          // and per-feature Sub after Tanh (folded into layer 2), scalar Div on the output.
          Model m = new Model(11, false, -1, 6);
          m.gemm("x", "h", 6, 8);
          m.tensor("scale", 8);
          m.onnx.node("Mul", List.of("scale", "h"), "hs");
          m.onnx.node("Tanh", "hs", "a");
          m.constant("two", 2f);
          m.tensor("centre", 8);
          m.onnx.node("Mul", List.of("a", "two"), "a2");
          m.onnx.node("Sub", List.of("centre", "a2"), "a3");
          m.gemm("a3", "z", 8, 3);
          m.constant("four", 4f);
          m.onnx.node("Div", List.of("z", "four"), "y");
          return m;
        }
      case "layernorm-opset17":
        {
          // LayerNormalization (opset 17) before an activation, and as the output with no bias.
          Model m = new Model(12, 6, false);
          m.onnx.opset(17);
          m.gemm("x", "h", 6, 10);
          m.tensor("g1", 10);
          m.tensor("b1", 10);
          m.onnx.node("LayerNormalization", List.of("h", "g1", "b1"), "n").attr("axis", -1L).attr("epsilon", 1e-5f);
          m.onnx.node("Relu", "n", "a");
          m.gemm("a", "z", 10, 4);
          m.tensor("g2", 4);
          m.onnx.node("LayerNormalization", List.of("z", "g2"), "y").attr("epsilon", 1e-3f);
          return m;
        }
      case "torch-export-normalise-layernorm-decomposed":
        {
          // torch.onnx.export (opset 13) of Sequential(Normalize((x - 0.1307) / 0.3081), Flatten,
          // Linear, LayerNorm, ReLU, Linear): below opset 17 the exporter writes LayerNorm out as
          // ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add, with its node names.
          Model m = new Model(13, false, 1, 1, 3, 4);
          m.onnx.opset(13);
          m.torchNormaliseAndFlatten(9);
          m.gemm("13", "14", 12, 16);
          m.onnx.node("ReduceMean", "14", "15").name("ReduceMean_6").attrInts("axes", -1L);
          m.onnx.node("Sub", List.of("14", "15"), "16").name("Sub_7");
          m.constantNode("Constant_8", "17", 2f);
          m.onnx.node("Pow", List.of("16", "17"), "18").name("Pow_9");
          m.onnx.node("ReduceMean", "18", "19").name("ReduceMean_10").attrInts("axes", -1L);
          m.constantNode("Constant_11", "20", 1e-5f);
          m.onnx.node("Add", List.of("19", "20"), "21").name("Add_12");
          m.onnx.node("Sqrt", "21", "22").name("Sqrt_13");
          m.onnx.node("Div", List.of("16", "22"), "23").name("Div_14");
          m.tensor("norm.weight", 16);
          m.tensor("norm.bias", 16);
          m.onnx.node("Mul", List.of("23", "norm.weight"), "24").name("Mul_15");
          m.onnx.node("Add", List.of("24", "norm.bias"), "25").name("Add_16");
          m.onnx.node("Relu", "25", "26").name("Relu_17");
          m.gemm("26", "y", 16, 3);
          return m;
        }
      case "torch-export-normalise-layernorm-opset17":
        {
          // The same model exported at opset 17, where torch.onnx.export writes LayerNormalization.
          Model m = new Model(15, false, 1, 1, 3, 4);
          m.onnx.opset(17);
          m.torchNormaliseAndFlatten(9);
          m.gemm("13", "14", 12, 16);
          m.tensor("norm.weight", 16);
          m.tensor("norm.bias", 16);
          m.onnx
              .node("LayerNormalization", List.of("14", "norm.weight", "norm.bias"), "15")
              .name("LayerNormalization_6")
              .attr("axis", -1L)
              .attr("epsilon", 1e-5f);
          m.onnx.node("Relu", "15", "16").name("Relu_7");
          m.gemm("16", "y", 16, 3);
          return m;
        }
      case "double-layernorm-decomposed-opset18":
        {
          // opset 18: ReduceMean takes its axes as an input; the square as Mul(d, d); the
          // LayerNorm after the activation, before the output layer.
          Model m = new Model(14, 5, true);
          m.onnx.opset(18);
          m.onnx.int64s("axes", new long[] {1}, -1L);
          m.gemm("x", "h", 5, 8);
          m.onnx.node("Tanh", "h", "a");
          m.onnx.node("ReduceMean", List.of("a", "axes"), "mean");
          m.onnx.node("Sub", List.of("a", "mean"), "d");
          m.onnx.node("Mul", List.of("d", "d"), "d2");
          m.onnx.node("ReduceMean", List.of("d2", "axes"), "var");
          m.constant("eps", 1e-5f);
          m.onnx.node("Add", List.of("var", "eps"), "ve");
          m.onnx.node("Sqrt", "ve", "s");
          m.onnx.node("Div", List.of("d", "s"), "n");
          m.tensor("gamma", 8);
          m.onnx.node("Mul", List.of("n", "gamma"), "ng");
          m.gemm("ng", "y", 8, 2);
          return m;
        }
      default:
        throw new IllegalArgumentException(name);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gemm-relu-sigmoid",
        "gemm-alpha-beta-tanh-softmax",
        "matmul-add-leaky-identity",
        "flatten-gelu-operator",
        "erf-gelu-subgraph",
        "batchnorm-folded",
        "mnist-sized-loops",
        "double-gemm-tanh-softmax",
        "torch-export-normalise-flatten-relu-softmax",
        "matlab-ir3-mean-image-initializers-as-inputs",
        "symbolic-batch-affine-around-activation",
        "layernorm-opset17",
        "torch-export-normalise-layernorm-decomposed",
        "torch-export-normalise-layernorm-opset17",
        "double-layernorm-decomposed-opset18"
      })
  void generatedCodeMatchesOnnxRuntime(String name) throws Exception {
    Model model = model(name);
    byte[] bytes = model.onnx.build();
    Files.write(directory.resolve("model.onnx"), bytes);
    String type = model.doubles ? "double" : "float";
    Compilation compilation =
        NetworkSource.of(
                "@Network(weights = \"model.onnx\")",
                "interface Net { " + type + "[] apply(" + type + "[] x); }")
            .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    CompiledClasses classes = new CompiledClasses(compilation);
    Object network = classes.loadClass("test.SomaNet").getConstructor().newInstance();
    Method apply = network.getClass().getMethod("apply", model.doubles ? double[].class : float[].class);

    double tolerance = model.doubles ? 1e-12 : 1e-5;
    double worst = 0;
    SplittableRandom random = new SplittableRandom(42);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = environment.createSession(bytes, options)) {
        for (int n = 0; n < INPUTS; n++) {
          double[] x = random.doubles(model.in, -3, 3).toArray();
          double[] expected = run(session, x, model.doubles, model.inputShape);
          double[] actual = soma(apply, network, x, model.doubles);
          assertEquals(expected.length, actual.length);
          for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            worst = Math.max(worst, error);
          }
        }
      }
    }
    System.out.printf("%s: largest scaled difference from ONNX Runtime over %d inputs: %.3g%n", name, INPUTS, worst);
    assertTrue(worst <= tolerance, name + ": scaled difference " + worst + " exceeds " + tolerance);
  }

  private static double[] run(OrtSession session, double[] x, boolean doubles, long[] shape)
      throws Exception {
    float[] floats = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      floats[j] = (float) x[j];
    }
    try (OnnxTensor tensor =
            doubles
                ? OnnxTensor.createTensor(environment, DoubleBuffer.wrap(x), shape)
                : OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats), shape);
        OrtSession.Result result = session.run(Map.of("x", tensor))) {
      Object value = result.get(0).getValue();
      if (doubles) {
        return ((double[][]) value)[0];
      }
      float[] out = ((float[][]) value)[0];
      double[] widened = new double[out.length];
      for (int i = 0; i < out.length; i++) {
        widened[i] = out[i];
      }
      return widened;
    }
  }

  private static double[] soma(Method apply, Object network, double[] x, boolean doubles) throws Exception {
    if (doubles) {
      return (double[]) apply.invoke(network, (Object) x);
    }
    float[] floats = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      floats[j] = (float) x[j];
    }
    float[] out = (float[]) apply.invoke(network, (Object) floats);
    double[] widened = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      widened[i] = out[i];
    }
    return widened;
  }

}
