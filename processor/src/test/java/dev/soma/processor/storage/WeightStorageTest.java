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
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.runtime.Quantization;
import dev.soma.train.Loss;
import dev.soma.train.TrainingOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code @Network(storage = ...)}: every storage against a double reference, baked and at run time,
 * looped and unrolled. Two bounds: against a double forward pass over the weights the storage keeps
 * ({@link Quantization#stored}), only float rounding remains ({@value #ARITHMETIC}, scaled by {@code
 * max(1, |ref|)}); against the double pass over the original weights, the storage's own error, which
 * the README states per storage ({@link #storageBound}).
 */
class WeightStorageTest {
  /** Float accumulation against double over the same weights, relative to max(1, |ref|). */
  static final double ARITHMETIC = 1e-5;

  @TempDir Path directory;

  /** Largest output error against the original weights, relative to max(1, |ref|). */
  static double storageBound(Storage storage) {
    switch (storage) {
      case INT8:
        return 3e-2;
      case BF16:
        return 2e-2;
      case F16:
        return 2e-3;
      default:
        return ARITHMETIC;
    }
  }

  private static final int[] LOOPS = {40, 36, 10};
  private static final int[] UNROLLED = {6, 5, 3};

  /** Random weights (row-major) and biases for layers of {@code sizes}, in float. */
  static float[][][] random(long seed, int... sizes) {
    SplittableRandom random = new SplittableRandom(seed);
    int layers = sizes.length - 1;
    float[][][] wb = new float[2][layers][];
    for (int l = 0; l < layers; l++) {
      wb[0][l] = new float[sizes[l] * sizes[l + 1]];
      for (int k = 0; k < wb[0][l].length; k++) {
        wb[0][l][k] = (float) random.nextDouble(-0.5, 0.5);
      }
      wb[1][l] = new float[sizes[l + 1]];
      for (int k = 0; k < wb[1][l].length; k++) {
        wb[1][l][k] = (float) random.nextDouble(-0.1, 0.1);
      }
    }
    return wb;
  }

  /** The double forward pass: ReLU after every layer but the last, which is linear. */
  static double[] reference(float[][] weights, float[][] biases, float[] x) {
    double[] a = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      a[j] = x[j];
    }
    for (int l = 0; l < weights.length; l++) {
      int out = biases[l].length;
      int in = a.length;
      double[] y = new double[out];
      for (int i = 0; i < out; i++) {
        double sum = biases[l][i];
        for (int j = 0; j < in; j++) {
          sum += (double) weights[l][i * in + j] * a[j];
        }
        y[i] = l < weights.length - 1 ? Math.max(0, sum) : sum;
      }
      a = y;
    }
    return a;
  }

  static float[][] stored(Storage storage, float[][] weights, int... sizes) {
    float[][] stored = new float[weights.length][];
    for (int l = 0; l < weights.length; l++) {
      stored[l] = Quantization.stored(storage, weights[l], sizes[l + 1], sizes[l]);
    }
    return stored;
  }

  private static String declaration(int... sizes) {
    StringBuilder lines = new StringBuilder();
    for (int l = 0; l + 1 < sizes.length; l++) {
      lines.append("@Dense(in = ").append(sizes[l]).append(", out = ").append(sizes[l + 1]).append(")");
      if (l + 2 < sizes.length) {
        lines.append(" @Activation(RELU)");
      }
      lines.append('\n');
    }
    return lines.toString();
  }

  private static final String METHODS =
      "interface Net { float[] apply(float[] x); void batch(float[][] xs, float[][] ys); }";

  private Path writeWeights(float[][][] wb, int... sizes) throws IOException {
    List<Tensor> tensors = new java.util.ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      tensors.add(Tensor.ofFloats(l + ".weight", new int[] {sizes[l + 1], sizes[l]}, wb[0][l]));
      tensors.add(Tensor.ofFloats(l + ".bias", new int[] {sizes[l + 1]}, wb[1][l]));
    }
    Path file = directory.resolve("w.safetensors");
    SafeTensors.of(tensors).write(file);
    return file;
  }

  private Compilation bake(Storage storage, int... sizes) {
    return NetworkSource.of(
            "@Network(weights = \"w.safetensors\", storage = Storage." + storage + ")",
            declaration(sizes),
            METHODS)
        .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
  }

  private static Compilation runTime(Storage storage, int... sizes) {
    return NetworkSource.of("@Network(storage = Storage." + storage + ")", declaration(sizes), METHODS)
        .compileWithJavac("-Werror");
  }

  /** Runs {@code network} on random inputs, through apply and batch, against both references. */
  private static void check(Object network, Storage storage, float[][][] wb, int... sizes) throws Exception {
    Method apply = network.getClass().getMethod("apply", float[].class);
    Method batch = network.getClass().getMethod("batch", float[][].class, float[][].class);
    float[][] kept = stored(storage, wb[0], sizes);
    SplittableRandom random = new SplittableRandom(7);
    float[][] xs = new float[20][sizes[0]];
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble(-1, 1);
      }
    }
    float[][] ys = new float[xs.length][sizes[sizes.length - 1]];
    batch.invoke(network, xs, ys);
    double arithmetic = 0;
    double storageError = 0;
    for (int n = 0; n < xs.length; n++) {
      float[] got = (float[]) apply.invoke(network, (Object) xs[n]);
      assertArrayEquals(got, ys[n], "batch row " + n + " = one call");
      double[] exactKept = reference(kept, wb[1], xs[n]);
      double[] exactOriginal = reference(wb[0], wb[1], xs[n]);
      for (int i = 0; i < got.length; i++) {
        arithmetic = Math.max(arithmetic, Math.abs(got[i] - exactKept[i]) / Math.max(1, Math.abs(exactKept[i])));
        storageError =
            Math.max(storageError, Math.abs(got[i] - exactOriginal[i]) / Math.max(1, Math.abs(exactOriginal[i])));
      }
    }
    assertTrue(arithmetic <= ARITHMETIC, storage + ": " + arithmetic + " from the stored weights' reference");
    assertTrue(
        storageError <= storageBound(storage), storage + ": " + storageError + " from the original weights");
    // weights() gives back exactly the values the storage keeps
    float[][] weights = (float[][]) network.getClass().getMethod("weights").invoke(network);
    for (int l = 0; l < kept.length; l++) {
      assertArrayEquals(kept[l], weights[l], storage + ": weights()[" + l + "]");
    }
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void bakedLoopsMatchTheReference(Storage storage) throws Exception {
    float[][][] wb = random(1, LOOPS);
    writeWeights(wb, LOOPS);
    Compilation compilation = bake(storage, LOOPS);
    assertThat(compilation).succeeded();
    check(new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]), storage, wb, LOOPS);
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void runTimeLoopsMatchTheReference(Storage storage) throws Exception {
    float[][][] wb = random(2, LOOPS);
    Compilation compilation = runTime(storage, LOOPS);
    assertThat(compilation).succeeded();
    Object network =
        new CompiledClasses(compilation)
            .create("test.SomaNet", new Class<?>[] {float[][].class, float[][].class}, wb[0], wb[1]);
    check(network, storage, wb, LOOPS);
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void unrolledNetworksComputeWithTheStoredValues(Storage storage) throws Exception {
    float[][][] wb = random(3, UNROLLED);
    writeWeights(wb, UNROLLED);
    Compilation baked = bake(storage, UNROLLED);
    assertThat(baked).succeeded();
    check(new CompiledClasses(baked).create("test.SomaNet", new Class<?>[0]), storage, wb, UNROLLED);
    Compilation runTime = runTime(storage, UNROLLED);
    assertThat(runTime).succeeded();
    check(
        new CompiledClasses(runTime)
            .create("test.SomaNet", new Class<?>[] {float[][].class, float[][].class}, wb[0], wb[1]),
        storage,
        wb,
        UNROLLED);
  }

  /** A baked class and one given the same float weights at run time store and compute the same. */
  @ParameterizedTest
  @EnumSource(Storage.class)
  void bakedAndRunTimeWeightsGiveTheSameBits(Storage storage) throws Exception {
    float[][][] wb = random(4, LOOPS);
    writeWeights(wb, LOOPS);
    Object baked = new CompiledClasses(bake(storage, LOOPS)).create("test.SomaNet", new Class<?>[0]);
    Object loaded =
        new CompiledClasses(runTime(storage, LOOPS))
            .create("test.SomaNet", new Class<?>[] {float[][].class, float[][].class}, wb[0], wb[1]);
    float[] x = new float[LOOPS[0]];
    for (int j = 0; j < x.length; j++) {
      x[j] = (j % 7 - 3) / 4f;
    }
    assertArrayEquals(
        (float[]) loaded.getClass().getMethod("apply", float[].class).invoke(loaded, (Object) x),
        (float[]) baked.getClass().getMethod("apply", float[].class).invoke(baked, (Object) x));
  }

  /** An INT8 network saves its int8 weights and scales, and loads them back bit for bit. */
  @Test
  void int8SavesAndLoadsWhatItStores() throws Exception {
    float[][][] wb = random(8, LOOPS);
    Compilation compilation = runTime(Storage.INT8, LOOPS);
    assertThat(compilation).succeeded();
    CompiledClasses classes = new CompiledClasses(compilation);
    Object network =
        classes.create("test.SomaNet", new Class<?>[] {float[][].class, float[][].class}, wb[0], wb[1]);
    Path file = directory.resolve("saved.safetensors");
    network.getClass().getMethod("save", Path.class).invoke(network, file);
    SafeTensors saved = SafeTensors.read(file);
    assertEquals("I8", saved.tensors().get("0.weight").dtype());
    float[] scales = Quantization.int8Scales(wb[0][0], LOOPS[1], LOOPS[0]);
    assertArrayEquals(scales, saved.floats("0.weight_scale", LOOPS[1]));
    assertArrayEquals(
        Quantization.int8(wb[0][0], LOOPS[1], LOOPS[0], scales), saved.tensors().get("0.weight").toByteArray());
    Object loaded = network.getClass().getMethod("load", Path.class).invoke(null, file);
    float[][] before = (float[][]) network.getClass().getMethod("weights").invoke(network);
    float[][] after = (float[][]) loaded.getClass().getMethod("weights").invoke(loaded);
    for (int l = 0; l < before.length; l++) {
      assertArrayEquals(before[l], after[l]);
    }
    // a file written by hand in the same convention: q = {2, -3} with scale 0.5 is {1, -1.5}
    List<Tensor> tensors = new java.util.ArrayList<>();
    int[][] shapes = {{LOOPS[1], LOOPS[0]}, {LOOPS[2], LOOPS[1]}};
    for (int l = 0; l < 2; l++) {
      byte[] q = new byte[shapes[l][0] * shapes[l][1]];
      q[0] = 2;
      q[1] = -3;
      float[] s = new float[shapes[l][0]];
      java.util.Arrays.fill(s, 0.5f);
      tensors.add(Tensor.ofInt8(l + ".weight", shapes[l], q));
      tensors.add(Tensor.ofFloats(l + ".weight_scale", new int[] {shapes[l][0]}, s));
      tensors.add(Tensor.ofFloats(l + ".bias", new int[] {shapes[l][0]}, new float[shapes[l][0]]));
    }
    Path byHand = directory.resolve("by-hand.safetensors");
    SafeTensors.of(tensors).write(byHand);
    Object handMade = network.getClass().getMethod("load", Path.class).invoke(null, byHand);
    float[][] weights = (float[][]) handMade.getClass().getMethod("weights").invoke(handMade);
    assertEquals(1f, weights[0][0]);
    assertEquals(-1.5f, weights[0][1]);
    assertEquals(0f, weights[0][2]);
  }

  /** The SIMD form of every storage compiles under -Xlint:all without warnings (it runs in the benchmarks' tests). */
  @ParameterizedTest
  @EnumSource(Storage.class)
  void simdFormsCompileWithoutWarnings(Storage storage) {
    Compilation compilation =
        NetworkSource.of("@Network(simd = true, storage = Storage." + storage + ")", declaration(LOOPS), METHODS)
            .compileWithJavac("--add-modules", "jdk.incubator.vector");
    assertThat(compilation).succeeded();
    // javac always warns about the incubator module itself; nothing else may be warned about
    List<String> warnings =
        compilation.warnings().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .filter(m -> !m.contains("incubating module"))
            .toList();
    assertEquals(List.of(), warnings);
  }

  /** Training stays in float: a trainable INT8 network's trainer hands its weights to the quantizing constructor. */
  @Test
  void trainableInt8NetworksTrain() throws Exception {
    Compilation compilation =
        NetworkSource.of(
                "@Network(trainable = true, storage = Storage.INT8)",
                declaration(LOOPS),
                "interface Net { float[] apply(float[] x); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeeded();
    CompiledClasses classes = new CompiledClasses(compilation);
    TrainingOptions options = TrainingOptions.of(Loss.MSE).epochs(2);
    Object trainer = classes.create("test.SomaNetTrainer", new Class<?>[] {TrainingOptions.class}, options);
    float[][] xs = new float[8][LOOPS[0]];
    float[][] ys = new float[8][LOOPS[2]];
    for (int n = 0; n < xs.length; n++) {
      xs[n][n] = 1;
      ys[n][n] = 1;
    }
    Object model = trainer.getClass().getMethod("fit", float[][].class, float[][].class).invoke(trainer, xs, ys);
    float[][] weights = (float[][]) model.getClass().getMethod("weights").invoke(model);
    float[][] biases = (float[][]) model.getClass().getMethod("biases").invoke(model);
    // the trained model stores int8 values: its weights are fixed points of quantization
    for (int l = 0; l < weights.length; l++) {
      int in = LOOPS[l];
      int out = LOOPS[l + 1];
      float[] kept = Quantization.stored(Storage.INT8, weights[l], out, in);
      for (int k = 0; k < kept.length; k++) {
        assertEquals(kept[k], weights[l][k], Math.ulp(weights[l][k]) * 2, "layer " + l + " weight " + k);
      }
      assertEquals(out, biases[l].length);
    }
  }

  /** The resource shrinks with the storage: for 784-128-10, INT8 within 26 % of F32, 16 bits 51 %. */
  @Test
  void resourcesShrink() throws Exception {
    int[] n2 = {784, 128, 10};
    writeWeights(random(5, n2), n2);
    long f32 = resourceBytes(Storage.F32, n2);
    long bf16 = resourceBytes(Storage.BF16, n2);
    long f16 = resourceBytes(Storage.F16, n2);
    long int8 = resourceBytes(Storage.INT8, n2);
    System.out.printf(Locale.ROOT, "784-128-10 resource bytes: F32 %d, BF16 %d, F16 %d, INT8 %d%n", f32, bf16, f16, int8);
    assertTrue(int8 <= 0.26 * f32, int8 + " vs " + f32);
    assertTrue(bf16 <= 0.51 * f32, bf16 + " vs " + f32);
    assertEquals(bf16, f16);
  }

  private long resourceBytes(Storage storage, int... sizes) {
    Compilation compilation = bake(storage, sizes);
    assertThat(compilation).succeeded();
    return new CompiledClasses(compilation).file("test/SomaNet.safetensors").length;
  }

  @Test
  void bakedStorageNotesEachLayersError() {
    float[][][] wb = random(6, LOOPS);
    try {
      writeWeights(wb, LOOPS);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    Compilation compilation = bake(Storage.INT8, LOOPS);
    assertThat(compilation).succeeded();
    List<String> notes = compilation.notes().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
    assertEquals(2, notes.size(), notes.toString());
    assertThat(notes.get(0)).startsWith("@Network(storage = INT8) on Net: layer 1 (36 x 40) stores its weights within ");
    assertThat(notes.get(1)).startsWith("@Network(storage = INT8) on Net: layer 2 (10 x 36) stores its weights within ");
    // the largest error of a row is at most half a step, max|w| / 127 / 2 <= 0.5 / 254
    double largest = Double.parseDouble(notes.get(0).split("within ")[1].split(" ")[0]);
    assertTrue(largest > 0 && largest <= 0.5 / 254 * 1.001, notes.get(0));
    assertThat(runTime(Storage.INT8, LOOPS).notes()).isEmpty();
  }

  @Test
  void doubleNetworksKeepF32() {
    Compilation compilation =
        NetworkSource.of(
                "@Network(storage = Storage.BF16)",
                "@Dense(in = 2, out = 1)",
                "interface Net { double[] apply(double[] x); }")
            .compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "@Network(storage = BF16) on Net keeps weights in fewer bits, which only float networks take");
  }

  @Test
  void int8IsNotYetTakenWithLayerNorm() {
    Storage storage = Storage.INT8;
    NetworkSource source =
        NetworkSource.of(
            "@Network(storage = Storage." + storage + ")",
            "@Dense(in = 3, out = 4)",
            "@LayerNorm",
            "@Dense(in = 4, out = 1)",
            "interface Net { float[] apply(float[] x); }");
    Compilation compilation = source.compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "@Network(storage = INT8) on Net is not supported together with @LayerNorm layers yet; BF16 and F16"
                + " are, or leave storage at F32 for this network")
        .inFile(source.inMemory())
        .onLine(NetworkSource.line(1));
  }
}
