package dev.soma.processor.diagnostics;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.soma.processor.testing.NetworkSource.line;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.soma.processor.SomaProcessor;
import dev.soma.processor.testing.NetworkSource;
import java.util.Collections;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Unusual but legal declarations: each either compiles, warning-free under {@code -Xlint:all
 * -Werror}, or fails with a Soma message on the user's line; never a crash, never generated code
 * that does not compile.
 */
class HostileDeclarationsTest {
  private static Compilation compile(JavaFileObject... files) {
    return javac()
        .withProcessors(new SomaProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(files);
  }

  private static JavaFileObject file(String name, String... lines) {
    return JavaFileObjects.forSourceLines(name, lines);
  }

  @Test
  void aDeprecatedInterfaceCompilesWithoutWarnings() {
    for (String deprecated : new String[] {"@Deprecated", "@Deprecated(forRemoval = true)"}) {
      Compilation compilation =
          NetworkSource.of(deprecated, "@Network @Dense(in = 2, out = 1)", "interface Net { float f(float a, float b); }")
              .compileWithJavac("-Werror");
      assertThat(compilation).succeededWithoutWarnings();
    }
  }

  @Test
  void varargsStayVarargs() throws Exception {
    Compilation compilation =
        NetworkSource.of("@Network @Dense(in = 2, out = 1)", "interface Net { float[] f(float... x); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFile("test.SomaNet").orElseThrow().getCharContent(true).toString())
        .contains("public float[] f(float... x)");
  }

  @Test
  void aMethodInheritedFromTwoParentsIsImplementedOnce() {
    Compilation compilation =
        NetworkSource.of(
                "interface A { float[] f(float[] x); }",
                "interface B { float[] f(float[] x); }",
                "@Network @Dense(in = 2, out = 1)",
                "interface Net extends A, B {}")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void typesOfTheUsersPackageAndInterfaceDoNotShadowSomasTypes() {
    Compilation compilation =
        compile(
            file(
                "t.Net",
                "package t;",
                "import dev.soma.*;",
                "import static dev.soma.Activation.Kind.*;",
                "@Network @Dense(in = 2, out = 3) @Activation(SOFTMAX)",
                "interface Net {",
                "  float[] f(float[] x);",
                "  void g(float[] Math, float[] Activations);",
                "  interface Checks {}",
                "  int Layout = 3;",
                "}"),
            file("t.Math", "package t;", "class Math {}"),
            file("t.System", "package t;", "class System {}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void helperNamesStepAroundTheUsersMethods() {
    Compilation compilation =
        NetworkSource.of(
                "@Network @Dense(in = 2, out = 1)",
                "interface Net {",
                "  void somaBatchRow(float[][] xs, float[][] ys);",
                "  void somaBatchRow(float[] x, float[] y);",
                "}")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aLongActivationChainBecomesStatements() {
    String chain = String.join(" ", Collections.nCopies(400, "@Activation(TANH)"));
    Compilation compilation =
        NetworkSource.of(
                "@SuppressWarnings(\"soma\") @Network @Dense(in = 2, out = 1) " + chain,
                "interface Net { float f(float a, float b); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aSealedInterfaceThatPermitsTheGeneratedClassWorks() {
    Compilation compilation =
        NetworkSource.of(
                "@Network @Dense(in = 2, out = 1)",
                "sealed interface Net permits SomaNet { float f(float a, float b); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aSealedInterfaceThatDoesNotIsAnError() {
    NetworkSource source =
        NetworkSource.of(
            "@Network @Dense(in = 2, out = 1)",
            "sealed interface Net permits Other { float f(float a, float b); }",
            "final class Other implements Net { public float f(float a, float b) { return 0; } }");
    Compilation compilation = source.compileWithJavac();
    assertThat(compilation)
        .hadErrorContaining(
            "@Network interface Net is sealed and does not permit SomaNet, the class Soma generates for it;"
                + " add it to the permits clause (permits SomaNet, ...) or make the interface non-sealed")
        .inFile(source.inMemory())
        .onLine(line(1));
  }

  @Test
  void twoInterfacesWithTheSameGeneratedNameAreAnError() {
    Compilation compilation =
        compile(
            file("t.A_B", "package t;", "import dev.soma.*;", "@Network @Dense(in = 2, out = 1)", "interface A_B { float f(float a, float b); }"),
            file("t.A", "package t;", "import dev.soma.*;", "class A {", "  @Network @Dense(in = 2, out = 1) interface B { float f(float a, float b); }", "}"));
    assertThat(compilation)
        .hadErrorContaining(
            "Soma generates t.SomaA_B for t.A.B, but that name is taken by the interface t.A_B, which gets the"
                + " same name; rename one of them");
  }

  @Test
  void aUserTypeWithTheGeneratedNameIsAnError() {
    NetworkSource source =
        NetworkSource.of("@Network @Dense(in = 2, out = 1)", "interface Net { float f(float a, float b); }", "class SomaNet {}");
    assertThat(source.compileWithJavac())
        .hadErrorContaining(
            "Soma generates test.SomaNet for test.Net, but that name is taken by the type test.SomaNet, declared by"
                + " you; rename one of them")
        .inFile(source.inMemory())
        .onLine(line(1));
  }

  @Test
  void aNonFiniteAlphaIsAnError() {
    for (String alpha : new String[] {"Double.NaN", "Double.POSITIVE_INFINITY", "1.0 / 0"}) {
      NetworkSource source =
          NetworkSource.of(
              "@Network @Dense(in = 2, out = 1)",
              "@Activation(value = LEAKY_RELU, alpha = " + alpha + ")",
              "interface Net { float f(float a, float b); }");
      assertThat(source.compileWithJavac())
          .hadErrorContaining("layer 1: alpha = ")
          .inFile(source.inMemory())
          .onLine(line(2));
    }
  }

  @Test
  void aLocalInterfaceIsAnErrorOnItsAnnotation() {
    NetworkSource source =
        NetworkSource.of(
            "@Network @Dense(in = 2, out = 1) interface Top { float f(float a, float b); }",
            "class Holder {",
            "  void m() {",
            "    @Network @Dense(in = 2, out = 1)",
            "    interface Local { float f(float a, float b); }",
            "  }",
            "}");
    assertThat(source.compileWithJavac())
        .hadErrorContaining(
            "@Network interface Local is declared inside a method, where annotation processors never see it")
        .inFile(source.inMemory())
        .onLine(line(4));
  }
}
