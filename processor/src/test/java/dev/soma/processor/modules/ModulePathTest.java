package dev.soma.processor.modules;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import dev.soma.Network;
import dev.soma.processor.SomaProcessor;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's project as a named module: {@code module app { requires dev.soma; }} declares networks,
 * is compiled by javac with the {@code soma} jar's module on the module path and the processor
 * beside it (under {@code -Xlint:all -Werror}), then runs in a child JVM on the module path only.
 * The outputs are checked against values computed by hand.
 */
class ModulePathTest {
  private static final String MODULE_INFO =
      """
      module app {
        requires dev.soma;
        exports app to dev.soma; // Soma.create instantiates the generated classes reflectively
      }
      """;

  /**
   * Layer 1 (2 -> 2, ReLU): w = [[0.5, -1], [2, 0.25]], b = [0.1, -0.2]; layer 2 (2 -> 1, linear):
   * w = [[1, -0.5]], b = [0.3].
   */
  private static final String GATE =
      """
      package app;

      import static dev.soma.Activation.Kind.RELU;

      import dev.soma.Activation;
      import dev.soma.Dense;
      import dev.soma.Network;

      @Network
      @Dense(in = 2, out = 2, weights = {0.5, -1, 2, 0.25}, bias = {0.1, -0.2}) @Activation(RELU)
      @Dense(in = 2, out = 1, weights = {1, -0.5}, bias = {0.3})
      public interface Gate {
        double decide(double a, double b);
      }
      """;

  /**
   * Weights given at run time, trained by the generated {@code SomaLineTrainer}; uses the io and
   * train packages as a user would.
   */
  private static final String LINE =
      """
      package app;

      import dev.soma.Dense;
      import dev.soma.Network;

      @Network(trainable = true)
      @Dense(in = 2, out = 1)
      public interface Line {
        double predict(double x, double y);
      }
      """;

  /** In a package the module does not export: {@code Soma.create} must say what to add. */
  private static final String HIDDEN =
      """
      package app.hidden;

      import dev.soma.Dense;
      import dev.soma.Network;

      @Network
      @Dense(in = 1, out = 1, weights = {2}, bias = {1})
      public interface Hidden {
        double twiceAndOne(double x);
      }
      """;

  private static final String MAIN =
      """
      package app;

      import dev.soma.Soma;
      import dev.soma.io.SafeTensors;
      import dev.soma.train.Loss;
      import dev.soma.train.Optimizer;
      import dev.soma.train.TrainingOptions;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.Arrays;

      public final class Main {
        private Main() {}

        public static void main(String[] args) throws Exception {
          System.out.println("gate " + new SomaGate().decide(2, 1));
          System.out.println("created " + Soma.create(Gate.class).decide(2, 1));
          SomaLine line = new SomaLine(new double[][] {{3, -2}}, new double[][] {{0.5}});
          System.out.println("line " + line.predict(1, 4));
          Path file = Files.createTempFile("line", ".safetensors");
          line.save(file);
          double[] saved = SafeTensors.read(file).doubles("0.weight", 1, 2);
          Files.delete(file);
          System.out.println("saved " + Arrays.toString(saved));
          System.out.println("epochs " + TrainingOptions.of(Loss.MSE).epochs());
          // Targets the line already meets exactly: zero gradients, so the weights stay as they are.
          SomaLineTrainer trainer =
              new SomaLineTrainer(
                  TrainingOptions.of(Loss.MSE).optimizer(Optimizer.sgd(0.1)).epochs(2), line);
          SomaLine trained =
              trainer.fit(new double[][] {{1, 4}, {2, 1}}, new double[][] {{-4.5}, {4.5}});
          int epochs = trainer.history().size();
          System.out.println("trained " + trained.predict(1, 4) + " " + epochs);
          try {
            Soma.create(app.hidden.Hidden.class);
          } catch (IllegalStateException e) {
            System.out.println("hidden " + e.getMessage());
          }
          System.out.println("direct " + new app.hidden.SomaHidden().twiceAndOne(3));
          String m = Main.class.getModule().getName() + " " + Soma.class.getModule().getName();
          System.out.println("module " + m);
        }
      }
      """;

  @TempDir Path temp;

  @Test
  void processorOnTheProcessorPathCompilesAModuleThatRunsOnTheModulePath() throws Exception {
    Path out = compile(List.of("--processor-path", path(processorClasses(), javaPoet(), soma())));
    assertRunsWithHandComputedOutputs(out);
  }

  @Test
  void processorAsAModuleOnTheProcessorModulePath() throws Exception {
    Path processorJar = jar(processorClasses(), temp.resolve("soma-processor.jar"));
    Path out =
        compile(
            List.of("--processor-module-path", path(processorJar, javaPoet(), jhdf(), soma())));
    assertRunsWithHandComputedOutputs(out);
  }

  private Path compile(List<String> processorOptions) throws IOException {
    Path sources = temp.resolve("src");
    write(sources.resolve("module-info.java"), MODULE_INFO);
    write(sources.resolve("app/Gate.java"), GATE);
    write(sources.resolve("app/Line.java"), LINE);
    write(sources.resolve("app/Main.java"), MAIN);
    write(sources.resolve("app/hidden/Hidden.java"), HIDDEN);
    Path out = Files.createDirectories(temp.resolve("out"));
    Path generated = Files.createDirectories(temp.resolve("generated"));
    List<String> arguments = new ArrayList<>(List.of("--module-path", soma().toString()));
    arguments.addAll(processorOptions);
    arguments.addAll(
        List.of(
            "-d", out.toString(), "-s", generated.toString(), "-Xlint:all,-processing", "-Werror"));
    try (Stream<Path> files = Files.walk(sources)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .sorted()
          .forEach(f -> arguments.add(f.toString()));
    }
    // javac in a child process: in-process, the processor's class loader would see this test's
    // class path and hide a processor module that cannot reach dev.soma.
    assertEquals("", run(tool("javac"), arguments), "javac printed diagnostics");
    assertTrue(
        Files.exists(generated.resolve("app/SomaGate.java")), "SomaGate was not generated");
    return out;
  }

  private void assertRunsWithHandComputedOutputs(Path out) throws Exception {
    String output =
        run(tool("java"), List.of("--module-path", path(soma(), out), "-m", "app/app.Main"));
    Map<String, String> lines = new HashMap<>();
    for (String line : output.strip().split("\\R")) {
      int space = line.indexOf(' ');
      lines.put(line.substring(0, space), line.substring(space + 1));
    }
    // h = relu(0.1 + 0.5*2 - 1*1, -0.2 + 2*2 + 0.25*1) = (0.1, 4.05); y = 0.3 + 0.1 - 0.5*4.05.
    assertEquals(-1.625, Double.parseDouble(lines.get("gate")), 1e-12, output);
    assertEquals(-1.625, Double.parseDouble(lines.get("created")), 1e-12, output);
    // 0.5 + 3*1 - 2*4
    assertEquals(-4.5, Double.parseDouble(lines.get("line")), 0, output);
    assertEquals("[3.0, -2.0]", lines.get("saved"), output);
    assertEquals("10", lines.get("epochs"), output);
    assertEquals("-4.5 2", lines.get("trained"), output); // 0.5 + 3*1 - 2*4, after two epochs
    assertEquals("app dev.soma", lines.get("module"), output);
    assertEquals(
        "Could not create app.hidden.SomaHidden: its package app.hidden is not exported to module"
            + " dev.soma; add 'exports app.hidden to dev.soma;' to the module-info of app, or"
            + " construct SomaHidden directly",
        lines.get("hidden"),
        output);
    assertEquals(7.0, Double.parseDouble(lines.get("direct")), 0, output); // 2*3 + 1
  }

  private static Path tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name);
  }

  /** Runs {@code tool} to completion; fails on a non-zero exit. Returns its output. */
  private static String run(Path tool, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    try {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), tool + " did not finish");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertEquals(0, process.exitValue(), tool.getFileName() + " failed:\n" + output);
    return output;
  }

  /** Where the {@code soma} module is: {@code annotations/target/classes} in a reactor build. */
  private static Path soma() {
    return location(Network.class);
  }

  private static Path processorClasses() {
    return location(SomaProcessor.class);
  }

  private static Path javaPoet() {
    return location(ClassName.class);
  }

  /** jhdf, which the processor module requires to read Keras files. */
  private static Path jhdf() {
    return location(io.jhdf.HdfFile.class);
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String path(Path... entries) {
    return Stream.of(entries).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /**
   * The processor's classes as a multi-release jar, as the build packages {@code soma-processor}:
   * its module descriptor is {@code META-INF/versions/17/module-info.class}.
   */
  private static Path jar(Path classes, Path jar) throws IOException {
    if (Files.isRegularFile(classes)) {
      return classes; // already the packaged jar
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Multi-Release"), "true");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
        out.putNextEntry(new JarEntry(name));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
