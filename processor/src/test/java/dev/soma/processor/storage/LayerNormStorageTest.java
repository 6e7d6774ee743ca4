package dev.soma.processor.storage;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.soma.Storage;
import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.generate.GeneratorOptions;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.processor.testing.ReferenceMath;
import dev.soma.runtime.Quantization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code @Network(storage = BF16 | F16)} on networks with {@code @LayerNorm} layers: the dense
 * layers keep their weights in 16 bits, gamma and beta stay float (as biases do), and the unrolled
 * and loop forms, baked or given weights at run time, compute the network of the stored weights:
 * within float rounding of a double reference over them, and the batched form gives one call's bits.
 */
class LayerNormStorageTest {
  /** dense 12 -> 10, LayerNorm, relu; dense 10 -> 6, tanh, LayerNorm; dense 6 -> 3. */
  private static final int[][] SHAPES = {{12, 10}, {10, 10}, {10, 6}, {6, 6}, {6, 3}};

  private static final double[] EPSILONS = {0, 1e-5, 0, 1e-3, 0};

  private static final String[] DECLARATION = {
    "@Dense(in = 12, out = 10) @LayerNorm @Activation(RELU)",
    "@Dense(in = 10, out = 6) @Activation(TANH) @LayerNorm(epsilon = 1e-3)",
    "@Dense(in = 6, out = 3)",
    "interface Net {",
    "  float[] apply(float[] x);",
    "  void all(float[][] xs, float[][] ys);",
    "}"
  };

  @TempDir Path directory;

  private static boolean norm(int l) {
    return EPSILONS[l] > 0;
  }

  /** Weights and biases; gamma in [0.5, 2) and beta in [-0.5, 0.5), far from 1 and 0. */
  private static float[][][] parameters(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] p = new float[2][SHAPES.length][];
    for (int l = 0; l < SHAPES.length; l++) {
      int out = SHAPES[l][1];
      p[0][l] = new float[norm(l) ? out : out * SHAPES[l][0]];
      for (int k = 0; k < p[0][l].length; k++) {
        p[0][l][k] = (float) (norm(l) ? random.nextDouble(0.5, 2) : random.nextDouble(-1, 1));
      }
      p[1][l] = new float[out];
      for (int k = 0; k < out; k++) {
        p[1][l][k] = (float) random.nextDouble(-0.5, 0.5);
      }
    }
    return p;
  }

  /** The double forward pass over {@code w} and {@code b}, written from the definitions. */
  private static double[] reference(float[][] w, float[][] b, float[] x) {
    double[] h = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      h[j] = x[j];
    }
    for (int l = 0; l < SHAPES.length; l++) {
      int in = SHAPES[l][0];
      int out = SHAPES[l][1];
      double[] next = new double[out];
      if (norm(l)) {
        float[] gamma = w[l];
        float[] beta = b[l];
        next = ReferenceMath.layerNorm(h, EPSILONS[l], i -> gamma[i], i -> beta[i]);
      } else {
        for (int i = 0; i < out; i++) {
          next[i] = b[l][i];
          for (int j = 0; j < in; j++) {
            next[i] += (double) w[l][i * in + j] * h[j];
          }
        }
      }
      for (int i = 0; i < out; i++) {
        next[i] = l == 1 ? Math.max(0, next[i]) : l == 2 ? Math.tanh(next[i]) : next[i];
      }
      h = next;
    }
    return h;
  }

  /** The weights {@code storage} keeps: the dense layers' rounded, gamma as it is. */
  private static float[][] kept(Storage storage, float[][] weights) {
    float[][] kept = new float[SHAPES.length][];
    for (int l = 0; l < SHAPES.length; l++) {
      kept[l] =
          norm(l) ? weights[l].clone() : Quantization.stored(storage, weights[l], SHAPES[l][1], SHAPES[l][0]);
    }
    return kept;
  }

  private static Compilation compile(String network, String strategy, String... options) {
    List<String> javac = new ArrayList<>(List.of(options));
    javac.add("-Werror");
    javac.add("-A" + GeneratorOptions.CODE_STRATEGY + "=" + strategy);
    List<String> lines = new ArrayList<>(List.of(network));
    lines.addAll(List.of(DECLARATION));
    return NetworkSource.of(lines.toArray(new String[0])).compileWithJavac(javac.toArray(new String[0]));
  }

  @ParameterizedTest
  @EnumSource(value = Storage.class, names = {"F32", "BF16", "F16"})
  void everyFormComputesTheStoredWeights(Storage storage) throws Exception {
    float[][][] p = parameters(5);
    List<Tensor> tensors = new ArrayList<>();
    for (int l = 0; l < SHAPES.length; l++) {
      int[] shape = norm(l) ? new int[] {SHAPES[l][1]} : new int[] {SHAPES[l][1], SHAPES[l][0]};
      tensors.add(Tensor.ofFloats(l + ".weight", shape, p[0][l]));
      tensors.add(Tensor.ofFloats(l + ".bias", new int[] {SHAPES[l][1]}, p[1][l]));
    }
    SafeTensors.of(tensors).write(directory.resolve("w.safetensors"));
    float[][] kept = kept(storage, p[0]);
    for (String strategy : new String[] {"unrolled", "loops"}) {
      Compilation runTime = compile("@Network(storage = Storage." + storage + ")", strategy);
      assertThat(runTime).succeeded();
      check(
          new CompiledClasses(runTime).create("test.SomaNet", new Class<?>[] {float[][].class, float[][].class}, p[0], p[1]),
          kept, p[1], storage + ", " + strategy + ", run-time weights");
      Compilation baked =
          compile(
              "@Network(weights = \"w.safetensors\", storage = Storage." + storage + ")",
              strategy,
              "-Asoma.weights.dir=" + directory);
      assertThat(baked).succeeded();
      // one accuracy note per dense layer, none for the LayerNorms, whose gamma and beta stay float
      long notes = baked.notes().stream().filter(n -> n.getMessage(null).contains("stores its weights within")).count();
      assertEquals(storage == Storage.F32 ? 0 : 3, notes, storage + ", " + strategy + ": accuracy notes");
      check(new CompiledClasses(baked).create("test.SomaNet", new Class<?>[0]), kept, p[1], storage + ", " + strategy + ", baked");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Storage.class, names = {"BF16", "F16"})
  void simdFormsCompileWithoutWarnings(Storage storage) {
    List<String> lines = new ArrayList<>(List.of("@Network(simd = true, storage = Storage." + storage + ")"));
    lines.addAll(List.of(DECLARATION));
    Compilation compilation =
        NetworkSource.of(lines.toArray(new String[0])).compileWithJavac("--add-modules", "jdk.incubator.vector");
    assertThat(compilation).succeeded();
    // javac always warns about the incubator module itself; nothing else may be warned about
    assertEquals(
        List.of(),
        compilation.warnings().stream()
            .map(d -> d.getMessage(java.util.Locale.ROOT))
            .filter(m -> !m.contains("incubating module"))
            .toList());
  }

  /** {@code net} against the reference over {@code kept}, one call and the batched form. */
  private static void check(Object net, float[][] kept, float[][] biases, String what) throws Exception {
    float[][] weights = (float[][]) net.getClass().getMethod("weights").invoke(net);
    for (int l = 0; l < SHAPES.length; l++) {
      assertArrayEquals(kept[l], weights[l], what + ": weights()[" + l + "]");
    }
    SplittableRandom random = new SplittableRandom(9);
    float[][] xs = new float[30][12];
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble(-2, 2);
      }
    }
    float[][] ys = new float[xs.length][3];
    net.getClass().getMethod("all", float[][].class, float[][].class).invoke(net, xs, ys);
    double worst = 0;
    for (int n = 0; n < xs.length; n++) {
      float[] y = (float[]) net.getClass().getMethod("apply", float[].class).invoke(net, (Object) xs[n]);
      assertArrayEquals(y, ys[n], what + ": batch row " + n + " = one call");
      double[] ref = reference(kept, biases, xs[n]);
      for (int i = 0; i < y.length; i++) {
        worst = Math.max(worst, Math.abs(y[i] - ref[i]) / Math.max(1, Math.abs(ref[i])));
      }
    }
    assertTrue(worst <= 1e-5, what + ": " + worst + " from the stored weights' reference");
  }
}
