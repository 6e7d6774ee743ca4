package dev.soma.processor.weights;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big baked networks compile without "code too large" or constant-pool overflow, quickly, into a
 * small class beside a weight resource. Prints the sizes and times the README reports.
 */
class LargeNetworksTest {
  @TempDir Path directory;

  private Compilation bake(String file, int[] sizes, String... declaration) throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    List<Tensor> tensors = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      float[] weights = new float[sizes[l] * sizes[l + 1]];
      for (int k = 0; k < weights.length; k++) {
        weights[k] = (float) random.nextDouble(-0.05, 0.05);
      }
      tensors.add(Tensor.ofFloats(l + ".weight", new int[] {sizes[l + 1], sizes[l]}, weights));
      tensors.add(Tensor.ofFloats(l + ".bias", new int[] {sizes[l + 1]}, new float[sizes[l + 1]]));
    }
    SafeTensors.of(tensors).write(directory.resolve(file));
    long start = System.nanoTime();
    Compilation compilation =
        NetworkSource.of(declaration).compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(compilation).succeededWithoutWarnings();
    CompiledClasses classes = new CompiledClasses(compilation);
    System.out.printf(
        "%s: javac with Soma %d ms, SomaNet.class %d bytes, SomaNet.safetensors %d bytes%n",
        file, millis, classes.file("test/SomaNet.class").length, classes.file("test/SomaNet.safetensors").length);
    return compilation;
  }

  @Test
  void mlp784x512x512x10() throws Exception {
    Compilation compilation =
        bake(
            "n3.safetensors",
            new int[] {784, 512, 512, 10},
            "@Network(weights = \"n3.safetensors\")",
            "@Dense(in = 784, out = 512) @Activation(RELU)",
            "@Dense(in = 512, out = 512) @Activation(RELU)",
            "@Dense(in = 512, out = 10) @Activation(SOFTMAX)",
            "interface Net { float[] apply(float[] x); int classify(float[] x); }");
    CompiledClasses classes = new CompiledClasses(compilation);
    assertThat(classes.file("test/SomaNet.class").length).isLessThan(20_000);
    Object network = classes.loadClass("test.SomaNet").getConstructor().newInstance();
    Method apply = network.getClass().getMethod("apply", float[].class);
    float[] y = (float[]) apply.invoke(network, (Object) new float[784]);
    float sum = 0;
    for (float p : y) {
      sum += p;
    }
    assertThat((double) sum).isWithin(1e-5).of(1.0);
  }

  @Test
  void singleLayer4096x4096() throws Exception {
    Compilation compilation =
        bake(
            "big.safetensors",
            new int[] {4096, 4096},
            "@Network(weights = \"big.safetensors\")",
            "@Dense(in = 4096, out = 4096)",
            "interface Net { void apply(float[] x, float[] y); }");
    CompiledClasses classes = new CompiledClasses(compilation);
    assertThat(classes.file("test/SomaNet.class").length).isLessThan(20_000);
    Object network = classes.loadClass("test.SomaNet").getConstructor().newInstance();
    float[] x = new float[4096];
    x[7] = 1;
    float[] y = new float[4096];
    network.getClass().getMethod("apply", float[].class, float[].class).invoke(network, x, y);
    // with x the unit vector e_7 and zero biases, y is column 7 of W
    SafeTensors file = SafeTensors.read(directory.resolve("big.safetensors"));
    float[] w = file.floats("0.weight", 4096, 4096);
    for (int i = 0; i < 4096; i += 97) {
      assertThat(y[i]).isEqualTo(w[i * 4096 + 7]);
    }
  }
}
