package dev.soma.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.soma.processor.testing.NetworkSource.line;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compile-time checks of {@code @LayerNorm}: the exact message and the line it points at. */
class LayerNormDiagnosticsTest {
  private static void assertError(NetworkSource source, String message, int testLine) {
    Compilation compilation = source.compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source.inMemory()).onLine(line(testLine));
  }

  @Test
  void layerNormFirstIsAnError() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@LayerNorm",
            "@Dense(in = 3, out = 2)",
            "interface Net { float[] f(float[] x); }"),
        "@LayerNorm comes before any @Dense; write it after the @Dense (or the @Activation) whose output it normalises",
        2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1e-5", "Double.NaN", "Double.POSITIVE_INFINITY"})
  void epsilonMustBePositiveAndFinite(String epsilon) {
    String shown = epsilon.equals("Double.NaN") ? "NaN" : epsilon.equals("0") ? "0.0" : epsilon.equals("-1e-5") ? "-1.0E-5" : "Infinity";
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 3, out = 2)",
            "@LayerNorm(",
            "    epsilon = " + epsilon + ")",
            "interface Net { float[] f(float[] x); }"),
        "layer 2: @LayerNorm(epsilon = " + shown + ") must be a positive finite number, such as 1e-5",
        4);
  }

  @Test
  void gammaOfTheWrongLength() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 3, weights = {1, 2, 3, 4, 5, 6}, bias = {0, 0, 0})",
            "@LayerNorm(beta = {0, 0, 0},",
            "    gamma = {1, 1})",
            "interface Net { float[] f(float[] x); }"),
        "layer 2: gamma has 2 values but @LayerNorm after a layer of 3 outputs needs 3, one per feature",
        4);
  }

  @Test
  void betaWithoutGamma() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 3)",
            "@LayerNorm(beta = {0, 0, 0})",
            "interface Net { float[] f(float[] x); }"),
        "layer 2 gives beta but no gamma; give both, 3 values each (gamma = 1 and beta = 0 leave the normalised values as they are)",
        3);
  }

  @Test
  void singleFeatureIsAnError() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 3) @Activation(RELU)",
            "@Dense(in = 3, out = 1) @LayerNorm",
            "interface Net { float f(float a, float b); }"),
        "layer 3: @LayerNorm over a single feature always gives beta, since x - mean is 0; normalise a layer with at least 2 outputs",
        3);
  }

  @Test
  void layerNormCountsAsALayerInShapeMessages() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 3, out = 4) @LayerNorm @Activation(RELU)",
            "@Dense(in = 5, out = 1)",
            "interface Net { float[] f(float[] x); }"),
        "layer 3 @Dense(in = 5) does not match layer 2's out = 4; set in = 4",
        3);
  }

  @Test
  void aLinearLayerBeforeLayerNormIsNoLinearPair() {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 3, out = 4) @LayerNorm",
                "@Dense(in = 4, out = 2)",
                "interface Net { float[] f(float[] x); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void withoutSourceOrderLayerNormIsAnError() {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 3, out = 4) @LayerNorm",
                "@Dense(in = 4, out = 2)",
                "interface Net { float[] f(float[] x); }")
            .compileWithEclipse();
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "cannot tell which @Dense each @LayerNorm follows: this compiler does not expose source order; compile Net with javac");
  }
}
