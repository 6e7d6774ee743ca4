package dev.soma.examples.sections;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles a small source in-process with javac and Soma's processor, to show the diagnostics a
 * user would see. The processor is found with {@link ServiceLoader} on the tour's class path.
 */
public final class CompilerDemo {
  private CompilerDemo() {}

  /** What javac reported: the messages (kind, line, text), or why nothing could be compiled. */
  public record Outcome(List<String> diagnostics, String unavailableBecause) {}

  /** Compiles {@code source}, a compilation unit declaring public type {@code className}. */
  public static Outcome compile(String className, String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      return new Outcome(List.of(), "this Java runtime has no compiler (a JRE, not a JDK)");
    }
    List<Processor> processors = new ArrayList<>();
    ServiceLoader.load(Processor.class, CompilerDemo.class.getClassLoader())
        .forEach(
            p -> {
              if (p.getClass().getName().startsWith("dev.soma.")) {
                processors.add(p);
              }
            });
    if (processors.isEmpty()) {
      return new Outcome(List.of(), "soma-processor is not on the class path");
    }
    Path scratch;
    try {
      scratch = Files.createTempDirectory("soma-demo");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
      List<String> options =
          List.of(
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              scratch.toString(),
              "-s",
              scratch.toString(),
              "-Xlint:all,-processing");
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null, null, collector, options, null, List.of(new Source(className, source)));
      task.setProcessors(processors);
      task.call();
      List<String> messages = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
        messages.add(
            String.format(
                Locale.ROOT,
                "%s: %s.java:%d: %s",
                d.getKind().name().toLowerCase(Locale.ROOT),
                className,
                d.getLineNumber(),
                d.getMessage(Locale.ROOT)));
      }
      return new Outcome(messages, null);
    } finally {
      delete(scratch);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
