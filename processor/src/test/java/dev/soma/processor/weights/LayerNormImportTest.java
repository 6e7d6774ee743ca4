package dev.soma.processor.weights;

import static com.google.common.truth.Truth.assertThat;
import static dev.soma.processor.weights.OnnxGraphConverterTest.assertContains;
import static dev.soma.processor.weights.OnnxGraphConverterTest.convert;
import static dev.soma.processor.weights.OnnxGraphConverterTest.error;
import static dev.soma.processor.weights.OnnxGraphConverterTest.gemm3to2;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import dev.soma.Activation.Kind;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.processor.weights.testing.OnnxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LayerNorm read from ONNX graphs: the layers it becomes and the errors it can give. */
class LayerNormImportTest {
  @TempDir Path directory;

  /** fc1 (3 -> 2) then LayerNormalization with scale (2, 3) and bias (0.5, -0.5), then Tanh. */
  private static OnnxBuilder withLayerNorm(String axis) {
    OnnxBuilder model = gemm3to2("z").output("y").opset(17);
    model.floats("g", new long[] {2}, 2, 3).floats("b", new long[] {2}, 0.5f, -0.5f);
    OnnxBuilder.Node norm = model.node("LayerNormalization", List.of("z", "g", "b"), "n").name("ln").attr("epsilon", 1e-3f);
    if (axis != null) {
      norm.attr("axis", Long.parseLong(axis));
    }
    model.node("Tanh", "n", "y");
    return model;
  }

  @Test
  void layerNormalizationBecomesALayerWithItsActivation() throws Exception {
    ImportedNetwork network = convert(withLayerNorm(null));
    assertThat(network.layers()).hasSize(2);
    ImportedLayer norm = network.layers().get(1);
    assertThat(norm.isLayerNorm()).isTrue();
    assertThat(norm.in()).isEqualTo(2);
    assertThat(norm.weights()).isEqualTo(new double[] {2, 3});
    assertThat(norm.bias()).isEqualTo(new double[] {0.5, -0.5});
    assertThat(norm.epsilon()).isEqualTo((double) 1e-3f);
    assertThat(norm.activation()).isEqualTo(Kind.TANH);
    assertThat(network.layers().get(0).activations()).isEmpty();
  }

  @Test
  void aConstantScaleAfterTheNormFoldsIntoGammaAndBeta() throws Exception {
    OnnxBuilder model = gemm3to2("z").output("y").opset(17);
    model.floats("g", new long[] {2}, 2, 3).floats("two", new long[] {}, 2);
    model.node("LayerNormalization", List.of("z", "g"), "n");
    model.node("Mul", List.of("n", "two"), "y");
    ImportedLayer norm = convert(model).layers().get(1);
    assertThat(norm.weights()).isEqualTo(new double[] {4, 6});
    assertThat(norm.bias()).isEqualTo(new double[] {0, 0});
  }

  @Test
  void anotherAxisIsAnError() {
    assertContains(error(withLayerNorm("0")), "LayerNormalization 'ln': axis = 0; Soma normalises over the features (axis -1 or 1)");
  }

  @Test
  void beforeTheFirstLayerIsAnError() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y").opset(17);
    model.floats("g", new long[] {3}, 1, 1, 1);
    model.node("LayerNormalization", List.of("x", "g"), "n").name("ln");
    model.floats("W", new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
    model.node("Gemm", List.of("n", "W"), "y").attr("transB", 1L);
    assertContains(error(model), "LayerNormalization 'ln' comes before the first Gemm or MatMul");
  }

  @Test
  void declaredLayersBindToTheGraphAndAMismatchIsNamed() throws Exception {
    Files.write(directory.resolve("model.onnx"), withLayerNorm(null).build());
    Compilation bound =
        NetworkSource.of(
                "@Network(weights = \"model.onnx\")",
                "@Dense(in = 3, out = 2) @LayerNorm(epsilon = 1e-3) @Activation(TANH)",
                "interface Net { float[] f(float[] x); }")
            .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
    CompilationSubject.assertThat(bound).succeededWithoutWarnings();

    Compilation mismatch =
        NetworkSource.of(
                "@Network(weights = \"model.onnx\")",
                "@Dense(in = 3, out = 2) @LayerNorm @Activation(TANH)",
                "interface Net { float[] f(float[] x); }")
            .compileWithJavac("-Asoma.weights.dir=" + directory);
    NetworkSource mismatchSource =
        NetworkSource.of(
            "@Network(weights = \"model.onnx\")",
            "@Dense(in = 3, out = 2) @LayerNorm @Activation(TANH)",
            "interface Net { float[] f(float[] x); }");
    CompilationSubject.assertThat(mismatch)
        .hadErrorContaining(
            "layer 2 (@LayerNorm(epsilon = 1.0E-5) over 2 features with TANH) does not match"
                + " LayerNormalization 'ln' in model.onnx (a LayerNorm with epsilon 0.001 over 2"
                + " features with TANH); declare the layers the graph computes, in order, or none to"
                + " take the graph's")
        .inFile(mismatchSource.inMemory())
        .onLine(NetworkSource.line(1));
  }
}
