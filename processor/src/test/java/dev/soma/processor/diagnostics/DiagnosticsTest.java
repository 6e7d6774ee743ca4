package dev.soma.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.soma.processor.testing.NetworkSource.line;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import org.junit.jupiter.api.Test;

/** Every compile-time check: the exact message and the line it points at (javac, with trees). */
class DiagnosticsTest {
  private static void assertError(NetworkSource source, String message, int testLine) {
    Compilation compilation = source.compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source.inMemory()).onLine(line(testLine));
  }

  private static void assertWarning(NetworkSource source, String message, int testLine) {
    Compilation compilation = source.compileWithJavac();
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(message).inFile(source.inMemory()).onLine(line(testLine));
  }

  @Test
  void layerInputMustMatchPreviousOutput() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 3, out = 2) @Activation(RELU)",
            "@Dense(in = 4, out = 1)",
            "interface Net { float[] f(float[] x); }"),
        "layer 2 @Dense(in = 4) does not match layer 1's out = 2; set in = 2",
        3);
  }

  @Test
  void scalarParametersMustMatchFirstLayer() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 3, out = 1)",
            "interface Net {",
            "  float f(float a, float b);",
            "}"),
        "method f takes 2 inputs but layer 1 has @Dense(in = 3); declare 3 parameters or set in = 2",
        4);
  }

  @Test
  void scalarResultNeedsOneOutput() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2)",
            "interface Net {",
            "  double f(double a, double b);",
            "}"),
        "method f returns a single double but the last layer (layer 1) has out = 2; return double[] or set out = 1",
        4);
  }

  @Test
  void argmaxNeedsTwoOutputs() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 1)",
            "interface Net {",
            "  int classify(float[] x);",
            "}"),
        "method classify returns the index of the largest output, which needs at least 2 outputs, but the last layer (layer 1) has out = 1",
        4);
  }

  @Test
  void sizesMustBePositive() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 0, out = 2)",
            "interface Net { float[] f(float[] x); }"),
        "layer 1: @Dense(in = 0) must be at least 1",
        2);
  }

  @Test
  void inlineWeightsMustHaveInTimesOutValues() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2,",
            "    weights = {1, 2, 3},",
            "    bias = {0, 0})",
            "interface Net { float[] f(float[] x); }"),
        "layer 1: weights has 3 values but @Dense(in = 2, out = 2) needs in * out = 4 (row-major: 2 rows of 2)",
        3);
  }

  @Test
  void biasMustHaveOutValues() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2, weights = {1, 2, 3, 4},",
            "    bias = {0})",
            "interface Net { float[] f(float[] x); }"),
        "layer 1: bias has 1 values but @Dense(out = 2) needs 2",
        3);
  }

  @Test
  void weightsNeedBiasAndBiasNeedsWeights() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 1, out = 1, weights = {1})",
            "interface Net { float[] f(float[] x); }"),
        "layer 1 gives weights but no bias; add bias with 1 values (zeros if the layer has no bias)",
        2);
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 1, out = 1, bias = {1})",
            "interface Net { float[] f(float[] x); }"),
        "layer 1 gives bias but no weights; add weights with 1 values (row-major, out x in)",
        2);
  }

  @Test
  void everyLayerOrNoneHasInlineWeights() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 1, out = 2, weights = {1, 2}, bias = {0, 0}) @Activation(RELU)",
            "@Dense(in = 2, out = 1)",
            "interface Net { float[] f(float[] x); }"),
        "layer 2 has no inline weights but layer 1 has; give every layer weights and bias, or none",
        3);
  }

  @Test
  void inlineWeightsMustBeFinite() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 1, out = 2, weights = {1, Double.NaN}, bias = {0, 0})",
            "interface Net { float[] f(float[] x); }"),
        "layer 1: weights[1] is NaN; inline weights must be finite numbers",
        2);
  }

  @Test
  void networkMustBeAnInterface() {
    assertError(
        NetworkSource.of("@Network", "@Dense(in = 1, out = 1)", "abstract class Net {}"),
        "@Network must annotate an interface, but Net is a class; declare it as an interface",
        1);
  }

  @Test
  void networkMustNotBeGeneric() {
    assertError(
        NetworkSource.of("@Network", "@Dense(in = 1, out = 1)", "interface Net<T> { float[] f(float[] x); }"),
        "@Network interface Net declares type parameters; a network computes on float or double arrays, so remove them",
        1);
  }

  @Test
  void networkMustNotBePrivate() {
    assertError(
        NetworkSource.of(
            "class Outer {",
            "  @Network",
            "  @Dense(in = 1, out = 1)",
            "  private interface Net { float[] f(float[] x); }",
            "}"),
        "@Network interface Net is private, so the generated class cannot implement it; make it package-private or public",
        2);
  }

  @Test
  void layersNeedNetwork() {
    assertError(
        NetworkSource.of("@Dense(in = 1, out = 1)", "interface Net {}"),
        "@Dense on Net has no effect without @Network; add @Network to Net",
        2);
  }

  @Test
  void networkNeedsLayers() {
    assertError(
        NetworkSource.of("@Network", "interface Net { float[] f(float[] x); }"),
        "@Network Net declares no @Dense layer",
        1);
  }

  @Test
  void activationNeedsADenseBeforeIt() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Activation(RELU)",
            "@Dense(in = 1, out = 1)",
            "interface Net { float[] f(float[] x); }"),
        "@Activation(RELU) comes before any @Dense; write it after the @Dense whose output it transforms",
        2);
  }

  @Test
  void softmaxNeedsSeveralOutputs() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 1) @Activation(SOFTMAX)",
            "interface Net { float[] f(float[] x); }"),
        "layer 1: SOFTMAX over a single output is always 1; use SIGMOID for a binary output",
        2);
  }

  @Test
  void activationAttributeAndAnnotationConflict() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2, activation = TANH)",
            "@Activation(RELU)",
            "interface Net { float[] f(float[] x); }"),
        "layer 1 has both activation = TANH and @Activation(RELU); keep one of them",
        3);
  }

  @Test
  void unsupportedMethodsListTheAcceptedForms() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2)",
            "interface Net {",
            "  float[] f(float[] x);",
            "  String name();",
            "}"),
        "method java.lang.String name() is not a form Soma can implement; the accepted forms, with T = float or double, are: T[] m(T[] x), void m(T[] x, T[] y), T m(T a, T b, ...), int m(T[] x)",
        5);
  }

  @Test
  void floatAndDoubleCannotBeMixed() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2)",
            "interface Net {",
            "  float[] f(float[] x);",
            "  double[] g(double[] x);",
            "}"),
        "Net mixes float and double: f uses float but g uses double",
        5);
  }

  @Test
  void layerNamesAreUnique() {
    assertError(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2, name = \"fc\", activation = RELU)",
            "@Dense(in = 2, out = 1, name = \"fc\")",
            "interface Net { float[] f(float[] x); }"),
        "layers 1 and 2 are both named \"fc\"; layer names must be unique",
        3);
  }

  @Test
  void linearLayersInARowWarnAndAreFused() {
    assertWarning(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2, weights = {1, 2, 3, 4}, bias = {0, 1})",
            "@Dense(in = 2, out = 1, weights = {1, -1}, bias = {2})",
            "interface Net { double f(double a, double b); }"),
        "layers 1 and 2 have no activation between them, so together they are one linear layer: W2(W1 x + b1) + b2 = W' x + b' with W' = W2 W1, b' = W2 b1 + b2 (Soma fuses them into one 2 -> 1 layer in the generated code); add an activation after layer 1",
        3);
  }

  @Test
  void suppressWarningsSomaSilencesWarnings() {
    Compilation compilation =
        NetworkSource.of(
                "@SuppressWarnings(\"soma\")",
                "@Network",
                "@Dense(in = 2, out = 2)",
                "@Dense(in = 2, out = 1)",
                "interface Net { double f(double a, double b); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void twoActivationsInARowWarn() {
    assertWarning(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2) @Activation(RELU)",
            "@Activation(SIGMOID)",
            "interface Net { float[] f(float[] x); }"),
        "layer 1 has 2 activations in a row (RELU, SIGMOID), applied in that order; did you mean a @Dense between them?",
        3);
  }

  @Test
  void alphaOutsideLeakyReluWarns() {
    assertWarning(
        NetworkSource.of(
            "@Network",
            "@Dense(in = 2, out = 2) @Activation(value = RELU,",
            "    alpha = 0.2)",
            "interface Net { float[] f(float[] x); }"),
        "alpha = 0.2 has no effect on RELU; it is the slope of LEAKY_RELU",
        3);
  }

  @Test
  void erroneousAttributeValuesLeaveTheErrorToJavac() {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = UNKNOWN, out = 2)",
                "interface Net { float[] f(float[] x); }")
            .compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    assertThat(compilation).hadErrorCount(1);
  }
}
