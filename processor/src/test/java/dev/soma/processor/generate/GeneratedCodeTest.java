package dev.soma.processor.generate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties of the generated source: clean under -Werror, deterministic, marked generated. */
class GeneratedCodeTest {
  /**
   * Networks covering both strategies, both precisions, baked and run-time weights, every form, and
   * the trainer class (unrolled-runtime and loops are trainable).
   */
  private static NetworkSource network(String kind) {
    switch (kind) {
      case "unrolled-baked":
        return NetworkSource.of(
            "@Network",
            "@Dense(in = 3, out = 2, weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6}, bias = {0.5, -0.1}, activation = RELU)",
            "@Dense(in = 2, out = 2, weights = {1, -1, 0.5, 2}, bias = {0, 0}, activation = SOFTMAX)",
            "interface Net {",
            "  float[] f(float[] x);",
            "  void f(float[] x, float[] y);",
            "  int g(float[] x);",
            "}");
      case "unrolled-runtime":
        return NetworkSource.of(
            "@Network(trainable = true)",
            "@Dense(in = 3, out = 4) @Activation(value = LEAKY_RELU, alpha = 0.2)",
            "@Dense(in = 4, out = 1) @Activation(GELU)",
            "interface Net {",
            "  double f(double weather, double venue, double company);",
            "  double[] g(double[] x);",
            "}");
      case "loops":
        return NetworkSource.of(
            "@Network(trainable = true)",
            "@Dense(in = 64, out = 32) @Activation(SWISH)",
            "@Dense(in = 32, out = 10) @Activation(SOFTMAX)",
            "interface Net {",
            "  float[] f(float[] x);",
            "  void f(float[] x, float[] y);",
            "  int g(float[] x);",
            "}");
      case "loops-scalar":
        return NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 600) @Activation(STEP)",
            "@Dense(in = 600, out = 1) @Activation(TANH)",
            "interface Net {",
            "  float f(float x, float y);",
            "}");
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unrolled-baked", "unrolled-runtime", "loops", "loops-scalar"})
  void compilesWithoutWarningsUnderWerror(String kind) {
    Compilation compilation = network(kind).compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @ValueSource(strings = {"unrolled-baked", "unrolled-runtime", "loops", "loops-scalar"})
  void isDeterministicAndMarkedGenerated(String kind) throws IOException {
    String first = source(network(kind).compileWithJavac());
    String second = source(network(kind).compileWithJavac());
    assertThat(second).isEqualTo(first);
    assertThat(first).contains("@Generated(\"dev.soma.processor.SomaProcessor\")");
    assertThat(first).doesNotContain("date");
    if (kind.equals("unrolled-runtime") || kind.equals("loops")) {
      String trainer = source(network(kind).compileWithJavac(), "test.SomaNetTrainer");
      assertThat(source(network(kind).compileWithJavac(), "test.SomaNetTrainer")).isEqualTo(trainer);
      assertThat(trainer).contains("@Generated(\"dev.soma.processor.SomaProcessor\")");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unrolled-baked", "loops"})
  void eclipseCompilerGeneratesTheSameSource(String kind) throws IOException {
    Compilation eclipse = network(kind).compileWithEclipse();
    assertThat(eclipse).succeeded();
    assertThat(source(eclipse)).isEqualTo(source(network(kind).compileWithJavac()));
    if (kind.equals("loops")) {
      assertThat(source(eclipse, "test.SomaNetTrainer"))
          .isEqualTo(source(network(kind).compileWithJavac(), "test.SomaNetTrainer"));
    }
  }

  private static String source(Compilation compilation) throws IOException {
    return source(compilation, "test.SomaNet");
  }

  private static String source(Compilation compilation, String name) throws IOException {
    return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
  }
}
