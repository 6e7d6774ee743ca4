package dev.soma.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import org.junit.jupiter.api.Test;

/**
 * Under the Eclipse compiler javac's trees are unavailable, so the processor cannot see how
 * {@code @Dense} and {@code @Activation} interleave: it pairs them by position when their counts
 * match, and otherwise says how to disambiguate.
 */
class EclipseCompilerTest {
  @Test
  void equalCountsArePairedByPosition() {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 3, out = 2) @Activation(RELU)",
                "@Dense(in = 2, out = 1) @Activation(SIGMOID)",
                "interface Net { float attend(float a, float b, float c); }")
            .compileWithEclipse();
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.SomaNet")
        .contentsAsUtf8String()
        .contains("Activations.sigmoid(b2[0] + w2[0] * h1_0 + w2[1] * h1_1)");
  }

  @Test
  void unequalCountsAskForTheAttributeForm() {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 3, out = 2) @Activation(RELU)",
                "@Dense(in = 2, out = 1)",
                "interface Net { float attend(float a, float b, float c); }")
            .compileWithEclipse();
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "cannot tell which @Dense each @Activation follows: this compiler does not expose source order, and Net has 2 @Dense but 1 @Activation; use the activation attribute");
  }

  @Test
  void attributeFormNeedsNoOrder() {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 3, out = 2, activation = RELU)",
                "@Dense(in = 2, out = 1, activation = SIGMOID)",
                "interface Net { float attend(float a, float b, float c); }")
            .compileWithEclipse();
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void shapeErrorsAreReportedToo() {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 3, out = 2, activation = RELU)",
                "@Dense(in = 4, out = 1)",
                "interface Net { float attend(float a, float b, float c); }")
            .compileWithEclipse();
    assertThat(compilation).hadErrorContaining("layer 2 @Dense(in = 4) does not match layer 1's out = 2; set in = 2");
  }
}
