package dev.soma.processor.generate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The user's parameter names survive into the generated methods, whatever they are: Soma's locals,
 * fields and helpers are allocated around them.
 */
class ParameterNamesTest {
  /** The lecture's layer, W = [[0.1, 0.4, 0.5], [0.2, 0.3, 0.6]], b = (0.5, -0.1), then 1 x 2. */
  private static final float[][] WEIGHTS = {{0.1f, 0.4f, 0.5f, 0.2f, 0.3f, 0.6f}, {1f, -1f}};

  private static final float[][] BIASES = {{0.5f, -0.1f}, {0.25f}};

  private static Compilation compile(String method) {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 3, out = 2) @Activation(RELU)",
                "@Dense(in = 2, out = 1)",
                "interface Net {",
                "  " + method,
                "}")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeeded();
    return compilation;
  }

  private static String source(Compilation compilation) throws Exception {
    return compilation.generatedSourceFile("test.SomaNet").orElseThrow().getCharContent(true).toString();
  }

  private static double call(Compilation compilation, Object... inputs) throws Exception {
    CompiledClasses classes = new CompiledClasses(compilation);
    Object network =
        classes.create("test.SomaNet", new Class<?>[] {float[][].class, float[][].class}, WEIGHTS, BIASES);
    for (Method method : network.getClass().getDeclaredMethods()) {
      if (method.getName().equals("f") && method.getParameterCount() == inputs.length) {
        return ((Number) method.invoke(network, inputs)).doubleValue();
      }
    }
    throw new AssertionError("no method f");
  }

  @Test
  void scalarParametersKeepTheirNames() throws Exception {
    Compilation compilation = compile("float f(float weather, float venue, float company);");
    assertThat(source(compilation)).contains("public float f(float weather, float venue, float company)");
    assertThat(source(compilation)).contains("b1[0] + w1[0] * weather + w1[1] * venue + w1[2] * company");
    // x = (2, 5, 1): z = (3.2, 2.4) after ReLU, then 3.2 - 2.4 + 0.25
    assertEquals(1.05, call(compilation, 2f, 5f, 1f), 1e-6);
  }

  @Test
  void namesLikeSomasLocalsStayTheUsersAndTheLocalsMove() throws Exception {
    Compilation compilation = compile("float f(float b1, float x0, float h1_0);");
    String source = source(compilation);
    assertThat(source).contains("public float f(float b1, float x0, float h1_0)");
    assertThat(source).contains("float[] b1_ = this.b1_;");
    assertThat(source).contains("float h1_0_ = ");
    assertEquals(1.05, call(compilation, 2f, 5f, 1f), 1e-6);
  }

  @Test
  void arrayParametersKeepTheirNames() throws Exception {
    Compilation compilation = compile("void f(float[] features, float[] scores);");
    assertThat(source(compilation)).contains("public void f(float[] features, float[] scores)");
    assertThat(source(compilation)).contains("Checks.length(features, 3, \"features\");");
  }

  @Test
  void loopFormsStepAroundParametersNamedLikeTheirFieldsAndTypes() throws Exception {
    Compilation compilation =
        NetworkSource.of(
                "@Network",
                "@Dense(in = 2, out = 40) @Activation(RELU)",
                "@Dense(in = 40, out = 1)",
                "interface Net {",
                "  float f(float SCRATCH, float Math);",
                "  void forward(float[] scratch, float[] y);",
                "}")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeeded();
    String source = source(compilation);
    assertThat(source).contains("public float f(float SCRATCH, float Math)");
    assertThat(source).contains("SCRATCH_ = Scratch.of(");
    assertThat(source).contains("private void forward_(float[] x, float[] y)");
  }
}
