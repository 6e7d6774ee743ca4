package dev.soma.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.soma.processor.testing.NetworkSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** One error never hides another, and one bad interface never stops another from being generated. */
class KeepGoingTest {
  @Test
  void aMissingWeightFileDoesNotHideAShapeError() {
    NetworkSource source =
        NetworkSource.of(
            "@Network(weights = \"absent.safetensors\")",
            "@Dense(in = 3, out = 2)",
            "@Dense(in = 4, out = 1)",
            "interface Net { float[] f(float[] x); }");
    Compilation compilation = source.compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("weight file \"absent.safetensors\" not found");
    assertThat(compilation)
        .hadErrorContaining("layer 2 @Dense(in = 4) does not match layer 1's out = 2; set in = 2")
        .inFile(source.inMemory())
        .onLine(NetworkSource.line(3));
  }

  @Test
  void aMissingVectorModuleDoesNotHideAShapeError() {
    Compilation compilation =
        NetworkSource.of(
                "@Network(simd = true)",
                "@Dense(in = 3, out = 2)",
                "@Dense(in = 4, out = 1)",
                "interface Net { float[] f(float[] x); }")
            .compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("needs the Vector API");
    assertThat(compilation).hadErrorContaining("layer 2 @Dense(in = 4) does not match layer 1's out = 2");
  }

  @Test
  void anInternalErrorInOneInterfaceLeavesTheOthersGenerated() throws Exception {
    SomaProcessor failingOnBad =
        new SomaProcessor(
            type -> {
              if (type.getSimpleName().contentEquals("Bad")) {
                throw new IllegalStateException("simulated bug");
              }
            });
    Path out = Files.createTempDirectory("soma-keep-going");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              null,
              files,
              diagnostics,
              List.of("-proc:only", "-s", out.toString(), "-d", out.toString()),
              null,
              List.of(
                  JavaFileObjects.forSourceLines(
                      "test.Bad",
                      "package test;",
                      "import dev.soma.*;",
                      "@Network @Dense(in = 2, out = 1)",
                      "interface Bad { float f(float a, float b); }"),
                  JavaFileObjects.forSourceLines(
                      "test.Good",
                      "package test;",
                      "import dev.soma.*;",
                      "@Network @Dense(in = 2, out = 1)",
                      "interface Good { float f(float a, float b); }")));
      task.setProcessors(List.of(failingOnBad));
      assertThat(task.call()).isFalse();
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(diagnostic.getMessage(Locale.ROOT));
      }
    }
    assertThat(errors)
        .containsExactly(
            "Soma could not process test.Bad because of an internal error"
                + " (java.lang.IllegalStateException: simulated bug); please report it with this declaration");
    assertThat(Files.exists(out.resolve("test/SomaGood.java"))).isTrue();
    assertThat(Files.exists(out.resolve("test/SomaBad.java"))).isFalse();
  }

  @Test
  void anErrorThrownInsideTheProcessorIsReportedToo() {
    SomaProcessor overflowing =
        new SomaProcessor(
            type -> {
              throw new StackOverflowError();
            });
    Compilation compilation =
        javac()
            .withProcessors(overflowing)
            .compile(
                JavaFileObjects.forSourceLines(
                    "test.Deep",
                    "package test;",
                    "import dev.soma.*;",
                    "@Network @Dense(in = 2, out = 1)",
                    "interface Deep { float f(float a, float b); }"));
    assertThat(compilation).hadErrorContaining("Soma could not process test.Deep because of an internal error (java.lang.StackOverflowError)");
  }
}
