package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.train.Loss;
import dev.soma.train.TrainingOptions;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole cycle in Java: train a network, save it as safetensors, compile a declaration with
 * {@code @Network(weights = ...)} naming the file, and get a baked class whose outputs are
 * bit-for-bit those of the trained model.
 */
class SaveAndBakeTest {
  @TempDir Path directory;

  @Test
  void smallNetworkRoundTripsBitForBit() throws Exception {
    float[][] x = inputs(400, 4, 1);
    SomaRoundTripNetworks_Small trained =
        new SomaRoundTripNetworks_SmallTrainer(
                TrainingOptions.of(Loss.CROSS_ENTROPY).epochs(20).seed(3))
            .fit(x, labels(x, 3));
    Path file = directory.resolve("small.safetensors");
    trained.save(file);

    UnaryOperator<float[]> baked =
        bake(
            "Small",
            "@Dense(in = 4, out = 8, activation = TANH) @Dense(in = 8, out = 3, activation ="
                + " SOFTMAX)",
            file);

    assertSameBits(trained::predict, baked, inputs(1000, 4, 2));
  }

  @Test
  void loopNetworkRoundTripsBitForBit() throws Exception {
    float[][] x = inputs(400, 16, 4);
    SomaRoundTripNetworks_Mid trained =
        new SomaRoundTripNetworks_MidTrainer(TrainingOptions.of(Loss.CROSS_ENTROPY).epochs(5).seed(5))
            .fit(x, labels(x, 4));
    Path file = directory.resolve("mid.safetensors");
    trained.save(file);

    UnaryOperator<float[]> baked =
        bake(
            "Mid",
            "@Dense(in = 16, out = 64, activation = RELU) @Dense(in = 64, out = 4, activation ="
                + " SOFTMAX)",
            file);

    assertSameBits(trained::predict, baked, inputs(1000, 16, 6));
  }

  private static void assertSameBits(
      UnaryOperator<float[]> expected, UnaryOperator<float[]> actual, float[][] inputs) {
    for (float[] input : inputs) {
      float[] e = expected.apply(input);
      float[] a = actual.apply(input);
      assertEquals(e.length, a.length);
      for (int i = 0; i < e.length; i++) {
        assertEquals(
            Float.floatToRawIntBits(e[i]),
            Float.floatToRawIntBits(a[i]),
            "output " + i + ": " + e[i] + " vs " + a[i]);
      }
    }
  }

  /** Compiles {@code Baked<name>} with the weights file and returns its forward pass. */
  private UnaryOperator<float[]> bake(String name, String layers, Path weights) throws Exception {
    String type = "Baked" + name;
    String source =
        "package baked;\n"
            + "import dev.soma.*;\n"
            + "import static dev.soma.Activation.Kind.*;\n"
            + String.format(
                Locale.ROOT,
                "@Network(weights = \"%s\")\n",
                weights.toAbsolutePath().toString().replace("\\", "\\\\"))
            + layers
            + "\npublic interface "
            + type
            + " { float[] predict(float[] x); }\n";
    Path sources = Files.createDirectories(directory.resolve("src/baked"));
    Path classes = Files.createDirectories(directory.resolve("classes"));
    Path file = Files.writeString(sources.resolve(type + ".java"), source);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              files,
              diagnostics,
              List.of("-classpath", testClassPath(), "-d", classes.toString(), "-implicit:class"),
              null,
              files.getJavaFileObjects(file.toFile()));
      // By name: a compile-time reference would make javac look for the processor's own
      // annotations.
      Processor soma =
          (Processor)
              Class.forName("dev.soma.processor.SomaProcessor").getConstructor().newInstance();
      task.setProcessors(List.of(soma));
      assertTrue(task.call(), diagnostics.getDiagnostics().toString());
    }
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, SaveAndBakeTest.class.getClassLoader());
    Class<?> generated = loader.loadClass("baked.Soma" + type);
    Object model = generated.getConstructor().newInstance();
    java.lang.reflect.Method predict = generated.getMethod("predict", float[].class);
    return input -> {
      try {
        return (float[]) predict.invoke(model, (Object) input);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
  }

  private static String testClassPath() throws IOException {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isEmpty()
        ? surefire
        : System.getProperty("java.class.path", "") + File.pathSeparator;
  }

  private static float[][] inputs(int count, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] inputs = new float[count][size];
    for (float[] input : inputs) {
      for (int j = 0; j < size; j++) {
        input[j] = (float) random.nextDouble(-1, 1);
      }
    }
    return inputs;
  }

  /** Labels a network can learn: the index of the largest of the first {@code classes} inputs. */
  private static int[] labels(float[][] inputs, int classes) {
    int[] labels = new int[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      for (int i = 1; i < classes; i++) {
        if (inputs[k][i] > inputs[k][labels[k]]) {
          labels[k] = i;
        }
      }
    }
    return labels;
  }
}
