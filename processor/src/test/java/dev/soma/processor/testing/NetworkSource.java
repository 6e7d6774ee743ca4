package dev.soma.processor.testing;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.soma.processor.SomaProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;

/**
 * A test source file {@code test/Net.java}: three header lines (package and imports of {@code
 * dev.soma.*} and the activation kinds), then the lines a test gives, so the test's line {@code k}
 * (from 1) is the file's line {@code k + 3}.
 */
public final class NetworkSource {
  public static final int HEADER_LINES = 3;

  private final String text;

  private NetworkSource(String text) {
    this.text = text;
  }

  public static NetworkSource of(String... lines) {
    return new NetworkSource(
        "package test;\n"
            + "import dev.soma.*;\n"
            + "import static dev.soma.Activation.Kind.*;\n"
            + String.join("\n", lines)
            + "\n");
  }

  /** The file line of the test's line {@code k}, counted from 1. */
  public static int line(int k) {
    return k + HEADER_LINES;
  }

  public JavaFileObject inMemory() {
    return JavaFileObjects.forSourceString("test.Net", text);
  }

  /** Compiles with javac and the Soma processor, with all lint warnings on. */
  public Compilation compileWithJavac(String... extraOptions) {
    return javac()
        .withProcessors(new SomaProcessor())
        .withOptions(options(extraOptions))
        .compile(inMemory());
  }

  /** Compiles with the Eclipse compiler, which has no javac trees: Soma's fallback path. */
  public Compilation compileWithEclipse() {
    try {
      Path directory = Files.createTempDirectory("soma-ecj");
      Path file = directory.resolve("test").resolve("Net.java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return Compiler.compiler(new EclipseCompiler())
          .withProcessors(new SomaProcessor())
          .withOptions("-17", "-proc:only")
          .compile(JavaFileObjects.forResource(file.toUri().toURL()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object[] options(String... extra) {
    Object[] options = new Object[extra.length + 1];
    options[0] = "-Xlint:all,-processing";
    System.arraycopy(extra, 0, options, 1, extra.length);
    return options;
  }
}
