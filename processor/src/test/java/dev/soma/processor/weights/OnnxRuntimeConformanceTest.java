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


  /** A model: its builder fills a graph from input "x" [1, in] to output "y". */
  private static final class Model {
    final int in;
    final OnnxBuilder onnx;
    final SplittableRandom random;
    final boolean doubles;

    Model(long seed, int in, boolean doubles) {
      this.in = in;
      this.doubles = doubles;
      this.random = new SplittableRandom(seed);
      this.onnx = new OnnxBuilder();
      if (doubles) {
        onnx.elementType(OnnxBuilder.DOUBLE);
      }
      onnx.input("x", 1, in).output("y");
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
        "double-gemm-tanh-softmax"
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
          double[] expected = run(session, x, model.doubles);
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

  private static double[] run(OrtSession session, double[] x, boolean doubles) throws Exception {
    Object input;
    if (doubles) {
      input = new double[][] {x};
    } else {
      float[] floats = new float[x.length];
      for (int j = 0; j < x.length; j++) {
        floats[j] = (float) x[j];
      }
      input = new float[][] {floats};
    }
    try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input);
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
