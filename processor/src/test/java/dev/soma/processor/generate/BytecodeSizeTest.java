package dev.soma.processor.generate;

import dev.soma.processor.generate.forward.CodeStrategy;
import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.soma.processor.testing.ClassFileMethods;
import dev.soma.processor.testing.NetworkSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HotSpot never JIT-compiles a method of 8,000 bytecode bytes or more ({@code
 * DontCompileHugeMethods}): such a forward pass would stay interpreted, tens of times slower. This
 * test compiles the largest networks each strategy writes, reads every generated class file back,
 * and checks every method's {@code code_length}.
 */
class BytecodeSizeTest {
  /** HotSpot's {@code HugeMethodLimit}: methods of this many bytes or more are not compiled. */
  private static final int HUGE_METHOD_LIMIT = 8000;

  /** The widest square layer {@link CodeStrategy} still unrolls. */
  private static final int SIDE = (int) Math.sqrt(CodeStrategy.MAX_UNROLLED_LAYER_TERMS);

  /** As many such layers as the whole-network budget allows. */
  private static final int LAYERS =
      (int) (CodeStrategy.MAX_UNROLLED_TERMS / CodeStrategy.MAX_UNROLLED_LAYER_TERMS);

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("unrolled, float, baked", square("float", true), true),
        Arguments.of("unrolled, float, run-time weights", square("float", false), true),
        Arguments.of("unrolled, double, baked", square("double", true), true),
        Arguments.of("unrolled, double, run-time weights", square("double", false), true),
        Arguments.of(
            "unrolled, one long sum",
            NetworkSource.of(
                "@Network",
                "@Dense(in = 1, out = "
                    + CodeStrategy.MAX_UNROLLED_LAYER_TERMS
                    + ") @Activation(RELU)",
                "@Dense(in = "
                    + CodeStrategy.MAX_UNROLLED_LAYER_TERMS
                    + ", out = 1) @Activation(GELU)",
                "interface Net {",
                "  float f(float x);",
                "  float[] g(float[] x);",
                "}"),
            true),
        Arguments.of(
            "loops, N2",
            NetworkSource.of(
                "@Network",
                "@Dense(in = 784, out = 128) @Activation(RELU)",
                "@Dense(in = 128, out = 10) @Activation(SOFTMAX)",
                "interface Net {",
                "  float[] f(float[] x);",
                "  void f(float[] x, float[] y);",
                "  int g(float[] x);",
                "}"),
            false),
        Arguments.of(
            "loops, N2 batched",
            NetworkSource.of(
                "@Network",
                "@Dense(in = 784, out = 128) @Activation(RELU)",
                "@Dense(in = 128, out = 10)",
                "interface Net {",
                "  void f(float[] x, float[] y);",
                "  void f(float[][] xs, float[][] ys);",
                "}"),
            false),
        Arguments.of(
            "simd, N3 batched",
            NetworkSource.of(
                "@Network(simd = true)",
                "@Dense(in = 784, out = 512) @Activation(RELU)",
                "@Dense(in = 512, out = 512) @Activation(value = LEAKY_RELU, alpha = 0.1)",
                "@Dense(in = 512, out = 10) @Activation(SOFTMAX)",
                "interface Net {",
                "  void f(float[] x, float[] y);",
                "  void f(float[][] xs, float[][] ys);",
                "}"),
            false),
        Arguments.of(
            "simd, N3 INT8 batched",
            NetworkSource.of(
                "@Network(simd = true, storage = Storage.INT8)",
                "@Dense(in = 784, out = 512) @Activation(RELU)",
                "@Dense(in = 512, out = 512) @Activation(value = LEAKY_RELU, alpha = 0.1)",
                "@Dense(in = 512, out = 10) @Activation(SOFTMAX)",
                "interface Net {",
                "  void f(float[][] xs, float[][] ys);",
                "}"),
            false),
        Arguments.of(
            "simd, LayerNorm batched",
            NetworkSource.of(
                "@Network(simd = true)",
                "@Dense(in = 784, out = 512) @LayerNorm @Activation(RELU)",
                "@Dense(in = 512, out = 512) @Activation(GELU) @LayerNorm",
                "@Dense(in = 512, out = 10)",
                "interface Net {",
                "  void f(float[] x, float[] y);",
                "  void f(float[][] xs, float[][] ys);",
                "}"),
            false),
        Arguments.of(
            "simd, N3 BF16 batched",
            NetworkSource.of(
                "@Network(simd = true, storage = Storage.BF16)",
                "@Dense(in = 784, out = 512) @Activation(RELU)",
                "@Dense(in = 512, out = 512) @Activation(RELU)",
                "@Dense(in = 512, out = 10)",
                "interface Net {",
                "  void f(float[] x, float[] y);",
                "  void f(float[][] xs, float[][] ys);",
                "}"),
            false),
        Arguments.of(
            "simd, fast activations batched",
            NetworkSource.of(
                "@Network(simd = true, activations = Network.ActivationMath.FAST)",
                "@Dense(in = 784, out = 512) @Activation(GELU)",
                "@Dense(in = 512, out = 512) @Activation(GELU_TANH)",
                "@Dense(in = 512, out = 100) @Activation(TANH)",
                "@Dense(in = 100, out = 50) @Activation(SIGMOID)",
                "@Dense(in = 50, out = 10) @Activation(SWISH)",
                "interface Net {",
                "  void f(float[] x, float[] y);",
                "  void f(float[][] xs, float[][] ys);",
                "}"),
            false),
        Arguments.of(
            "simd, double batched only",
            NetworkSource.of(
                "@Network(simd = true)",
                "@Dense(in = 784, out = 512) @Activation(RELU)",
                "@Dense(in = 512, out = 10) @Activation(SIGMOID)",
                "interface Net {",
                "  void f(double[][] xs, double[][] ys);",
                "}"),
            false),
        Arguments.of(
            "loops, N3",
            NetworkSource.of(
                "@Network",
                "@Dense(in = 784, out = 512) @Activation(RELU)",
                "@Dense(in = 512, out = 512) @Activation(RELU)",
                "@Dense(in = 512, out = 10)",
                "interface Net {",
                "  float[] f(float[] x);",
                "  void f(float[] x, float[] y);",
                "  int g(float[] x);",
                "}"),
            false));
  }

  /** {@code LAYERS} layers of {@code SIDE x SIDE} with GELU and sigmoid, every array form. */
  private static NetworkSource square(String type, boolean baked) {
    List<String> lines = new ArrayList<>();
    lines.add("@Network");
    for (int l = 0; l < LAYERS; l++) {
      String activation = l % 2 == 0 ? "GELU" : "SIGMOID";
      String weights =
          baked
              ? ", weights = {"
                  + distinct(SIDE * SIDE, l)
                  + "}, bias = {"
                  + distinct(SIDE, l + 7)
                  + "}"
              : "";
      lines.add(
          "@Dense(in = "
              + SIDE
              + ", out = "
              + SIDE
              + ", activation = "
              + activation
              + weights
              + ")");
    }
    lines.add("interface Net {");
    lines.add("  " + type + "[] f(" + type + "[] x);");
    lines.add("  void f(" + type + "[] x, " + type + "[] y);");
    lines.add("  int g(" + type + "[] x);");
    lines.add("}");
    return NetworkSource.of(lines.toArray(new String[0]));
  }

  /** Distinct weights, so each needs its own constant-pool entry, as trained weights do. */
  private static String distinct(int count, int seed) {
    StringBuilder values = new StringBuilder();
    for (int k = 0; k < count; k++) {
      values.append(k == 0 ? "" : ", ").append((seed * 1000 + k) * 1.0e-4 - 0.05);
    }
    return values.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void everyGeneratedMethodStaysUnderTheJitLimit(
      String name, NetworkSource source, boolean unrolled) throws IOException {
    boolean simd = name.startsWith("simd");
    Compilation compilation =
        simd ? source.compileWithJavac("--add-modules", "jdk.incubator.vector") : source.compileWithJavac();
    assertThat(compilation).succeeded();
    // -Xlint:all: nothing to say about the generated code; only javac's note on the incubator module.
    assertThat(
            compilation.warnings().stream()
                .map(d -> d.getMessage(java.util.Locale.ROOT))
                .filter(m -> !m.contains("incubating"))
                .collect(java.util.stream.Collectors.toList()))
        .isEmpty();
    Map<String, Integer> lengths = generatedMethods(compilation);
    assertThat(lengths).isNotEmpty();
    // The loop form writes one method per layer; the unrolled form none.
    if (!name.contains("batched only")) {
      assertThat(lengths.keySet().stream().anyMatch(m -> m.startsWith("layer1(")))
          .isEqualTo(!unrolled);
    }
    if (simd && name.contains("batched")) {
      assertThat(lengths.keySet().stream().anyMatch(m -> m.startsWith("somaGemm1Tile8x3(")))
          .isTrue();
      assertThat(lengths.keySet().stream().anyMatch(m -> m.startsWith("somaGemm1Tile6x2(")))
          .isTrue();
    } else if (name.contains("batched")) {
      assertThat(lengths.keySet().stream().anyMatch(m -> m.startsWith("somaBatchLayer1(")))
          .isTrue();
    }
    lengths.forEach(
        (method, length) ->
            assertWithMessage("%s: %s", name, method).that(length).isLessThan(HUGE_METHOD_LIMIT));
  }

  /** The reader against lengths counted by hand from the JVM specification's opcodes. */
  @Test
  void readsCodeLengthsOfAKnownClass() throws IOException {
    Compilation compilation =
        Compiler.javac()
            .compile(
                JavaFileObjects.forSourceLines(
                    "k.Known",
                    "package k;",
                    "final class Known {",
                    // iconst_1, ireturn: 2 bytes.
                    "  static int one() { return 1; }",
                    // lload_0, ldc2_w #idx, ladd, lreturn: 1 + 3 + 1 + 1 = 6 bytes.
                    "  static long plus(long a) { return a + 1234567890123L; }",
                    "}"));
    assertThat(compilation).succeeded();
    Map<String, Integer> lengths = classMethods(compilation, "k/Known");
    assertThat(lengths).containsEntry("one()I", 2);
    assertThat(lengths).containsEntry("plus(J)J", 6);
    // The implicit constructor: aload_0, invokespecial #idx, return: 1 + 3 + 1 bytes.
    assertThat(lengths).containsEntry("<init>()V", 5);
  }

  private static Map<String, Integer> generatedMethods(Compilation compilation) throws IOException {
    return classMethods(compilation, "test/SomaNet");
  }

  private static Map<String, Integer> classMethods(Compilation compilation, String binaryName)
      throws IOException {
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS
          && file.getName().endsWith("/" + binaryName + ".class")) {
        try (InputStream in = file.openInputStream()) {
          return ClassFileMethods.codeLengths(in.readAllBytes());
        }
      }
    }
    throw new AssertionError(
        "no class file " + binaryName + " among " + compilation.generatedFiles());
  }
}
