package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation;
import dev.soma.Activation.Kind;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Storage;
import dev.soma.benchmarks.simd.SimdBatchedTest.Act;
import dev.soma.benchmarks.simd.SimdBatchedTest.FloatBatch;
import dev.soma.benchmarks.simd.SimdBatchedTest.FloatSingle;
import dev.soma.io.SafeTensors;
import dev.soma.runtime.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SIMD batched kernel with INT8 and BF16 storage ({@code byte} and {@code short} panels widened
 * in registers) against a reference in twice double precision computed from the stored values
 * ({@code q * scale} exactly, or the bfloat16 weights), with {@link SimdBatchedTest}'s error bound:
 * INT8's sum {@code b + s * sum q x} is rounded twice more than a dot product, BF16's as F32's. The
 * single-input form must meet the same bound (it is not bit-identical to the batched one: fused
 * multiply-adds there, a multiply and an add here), at every batch size from 1 to 257.
 */
class StorageBatchedTest {
  private static final int[] ODD = {37, 300, 53, 5};
  private static final int[] MNIST = {784, 128, 10};
  private static final int[] BAKED = {9, 9, 3};
  private static final Act[] ODD_ACTIVATIONS = {Act.RELU, Act.LEAKY_RELU, Act.SIGMOID};
  private static final Act[] RELU_IDENTITY = {Act.RELU, Act.IDENTITY};
  private static final int WARM_UP_BATCHES = 3000;

  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface Int8Odd {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(storage = Storage.BF16, simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface Bf16Odd {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  /** The batched form only: the class holds the single-input pass all the same. */
  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface Int8Mnist {
    void forward(float[][] xs, float[][] ys);
  }

  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 9, out = 9, weights = {-0.5000, -0.1337, 0.2327, -0.4010, -0.0347, 0.3317, -0.3020, 0.0644, 0.4307, -0.2030, 0.1634, -0.4703, -0.1040, 0.2624, -0.3713, -0.0050, 0.3614, -0.2723, 0.0941, 0.4604, -0.1733, 0.1931, -0.4406, -0.0743, 0.2921, -0.3416, 0.0248, 0.3911, -0.2426, 0.1238, 0.4901, -0.1436, 0.2228, -0.4109, -0.0446, 0.3218, -0.3119, 0.0545, 0.4208, -0.2129, 0.1535, -0.4802, -0.1139, 0.2525, -0.3812, -0.0149, 0.3515, -0.2822, 0.0842, 0.4505, -0.1832, 0.1832, -0.4505, -0.0842, 0.2822, -0.3515, 0.0149, 0.3812, -0.2525, 0.1139, 0.4802, -0.1535, 0.2129, -0.4208, -0.0545, 0.3119, -0.3218, 0.0446, 0.4109, -0.2228, 0.1436, -0.4901, -0.1238, 0.2426, -0.3911, -0.0248, 0.3416, -0.2921, 0.0743, 0.4406, -0.1931},
      bias = {-0.5000, 0.2647, 0.0294, -0.2059, -0.4412, 0.3235, 0.0882, -0.1471, -0.3824})
  @Activation(Kind.RELU)
  @Dense(in = 9, out = 3, weights = {-0.5000, 0.0472, -0.4057, 0.1415, -0.3113, 0.2358, -0.2170, 0.3302, -0.1226, 0.4245, -0.0283, -0.4811, 0.0660, -0.3868, 0.1604, -0.2925, 0.2547, -0.1981, 0.3491, -0.1038, 0.4434, -0.0094, -0.4623, 0.0849, -0.3679, 0.1792, -0.2736},
      bias = {-0.5000, 0.1364, -0.2273})
  interface Int8Baked {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Test
  void int8Odd() {
    float[][][] p = parameters(ODD, 5);
    SomaStorageBatchedTest_Int8Odd net = new SomaStorageBatchedTest_Int8Odd(p[0], p[1]);
    check(ODD, int8Reference(ODD, p), ODD_ACTIVATIONS, 3, net::forward, net::forward);
  }

  @Test
  void int8BatchOnly() {
    float[][][] p = parameters(MNIST, 6);
    SomaStorageBatchedTest_Int8Mnist net = new SomaStorageBatchedTest_Int8Mnist(p[0], p[1]);
    check(MNIST, int8Reference(MNIST, p), RELU_IDENTITY, 3, net::forward, null);
  }

  @Test
  void bf16Odd() {
    float[][][] p = parameters(ODD, 7);
    SomaStorageBatchedTest_Bf16Odd net = new SomaStorageBatchedTest_Bf16Odd(p[0], p[1]);
    double[][][] stored = new double[2][ODD.length - 1][];
    float[][] w = net.weights(); // the bfloat16 values, exactly
    for (int l = 0; l < ODD.length - 1; l++) {
      stored[0][l] = SimdBatchedTest.doubles(w[l]);
      stored[1][l] = SimdBatchedTest.doubles(p[1][l]);
      float[] rounded = Quantization.stored(Storage.BF16, p[0][l], ODD[l + 1], ODD[l]);
      for (int k = 0; k < rounded.length; k++) {
        assertTrue(rounded[k] == w[l][k], "weights() gives the rounded weights");
      }
    }
    check(ODD, stored, ODD_ACTIVATIONS, 1, net::forward, net::forward);
  }

  /** Baked int8 weights, read back exactly from what {@code save} writes (I8 and scales). */
  @Test
  void int8Baked() throws IOException {
    SomaStorageBatchedTest_Int8Baked net = new SomaStorageBatchedTest_Int8Baked();
    Path file = Files.createTempFile("int8-baked", ".safetensors");
    try {
      net.save(file);
      SafeTensors saved = SafeTensors.read(file);
      double[][][] stored = new double[2][2][];
      for (int l = 0; l < 2; l++) {
        int in = BAKED[l];
        int out = BAKED[l + 1];
        byte[] q = saved.tensors().get(l + ".weight").toByteArray();
        float[] scales = saved.floats(l + Quantization.SCALE_SUFFIX, out);
        stored[0][l] = new double[out * in];
        for (int k = 0; k < q.length; k++) {
          stored[0][l][k] = q[k] * (double) scales[k / in];
        }
        stored[1][l] = SimdBatchedTest.doubles(saved.floats(l + ".bias", out));
      }
      check(BAKED, stored, RELU_IDENTITY, 3, net::forward, net::forward);
    } finally {
      Files.delete(file);
    }
  }

  /** {weights, biases}: {@code q * scale} of the weights quantized as the constructor does, exactly. */
  private static double[][][] int8Reference(int[] sizes, float[][][] p) {
    double[][][] stored = new double[2][sizes.length - 1][];
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] scales = Quantization.int8Scales(p[0][l], out, in);
      byte[] q = Quantization.int8(p[0][l], out, in, scales);
      stored[0][l] = new double[out * in];
      for (int k = 0; k < q.length; k++) {
        stored[0][l][k] = q[k] * (double) scales[k / in];
      }
      stored[1][l] = SimdBatchedTest.doubles(p[1][l]);
    }
    return stored;
  }

  private static void check(
      int[] sizes, double[][][] stored, Act[] f, int extra, FloatBatch batched, FloatSingle single) {
    SimdBatchedTest.checkFloat(sizes, stored, f, extra, batched, single, WARM_UP_BATCHES);
  }

  /** Float weights and biases, {weights, biases}, one array per layer. */
  private static float[][][] parameters(int[] sizes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][][] p = new float[2][sizes.length - 1][];
    for (int l = 0; l < sizes.length - 1; l++) {
      double scale = 1 / Math.sqrt(sizes[l]);
      p[0][l] = SimdBatchedTest.floats(random.doubles(sizes[l] * sizes[l + 1], -scale, scale).toArray());
      p[1][l] = SimdBatchedTest.floats(random.doubles(sizes[l + 1], -0.5, 0.5).toArray());
    }
    return p;
  }
}
