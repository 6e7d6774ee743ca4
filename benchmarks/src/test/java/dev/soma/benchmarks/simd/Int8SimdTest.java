package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation;
import dev.soma.Activation.Kind;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Storage;
import dev.soma.runtime.Activations;
import dev.soma.runtime.Quantization;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code @Network(storage = INT8)}: the plain loops and the Vector API loops ({@code ByteVector}
 * widened with {@code B2F}) give the same bits as a reference written here: per output, a float sum
 * from zero of {@code q[i][j] * x[j]} over the inputs in order, then {@code b[i] + s[i] * sum}, then
 * the activation. N2's shape, odd sizes whose last outputs miss a whole vector, and N3's shape,
 * whose float weights pass 2 MiB, so that its plain loops read the int8 values two to a float (JDK
 * 17) or the bytes (JDK 25) where the smaller ones read float copies.
 */
class Int8SimdTest {
  /** Enough calls for C2 to compile the loops, whose bits are checked too. */
  private static final int INPUTS_TRIED = 3000;

  /** N3's layers are long enough for C2 to compile them within fewer calls. */
  private static final int WIDE_INPUTS_TRIED = 400;

  @Network(storage = Storage.INT8)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface Mnist { void forward(float[] x, float[] y); }

  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface MnistSimd { void forward(float[] x, float[] y); }

  @Network(storage = Storage.INT8)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Kind.SIGMOID)
  interface Odd { void forward(float[] x, float[] y); }

  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Kind.SIGMOID)
  interface OddSimd { void forward(float[] x, float[] y); }

  @Network(storage = Storage.INT8)
  @Dense(in = 784, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 10)
  interface Wide { void forward(float[] x, float[] y); }

  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 784, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 10)
  interface WideSimd { void forward(float[] x, float[] y); }

  private interface Forward {
    void forward(float[] x, float[] y);
  }

  @Test
  void mnist() {
    int[] sizes = {784, 128, 10};
    float[][][] p = parameters(sizes, 1);
    check(sizes, p, new SomaInt8SimdTest_Mnist(p[0], p[1])::forward, new SomaInt8SimdTest_MnistSimd(p[0], p[1])::forward, false,
        INPUTS_TRIED);
  }

  @Test
  void odd() {
    int[] sizes = {37, 300, 53};
    float[][][] p = parameters(sizes, 2);
    check(sizes, p, new SomaInt8SimdTest_Odd(p[0], p[1])::forward, new SomaInt8SimdTest_OddSimd(p[0], p[1])::forward, true,
        INPUTS_TRIED);
  }

  @Test
  void wide() {
    int[] sizes = {784, 512, 512, 10};
    float[][][] p = parameters(sizes, 3);
    check(sizes, p, new SomaInt8SimdTest_Wide(p[0], p[1])::forward, new SomaInt8SimdTest_WideSimd(p[0], p[1])::forward, false,
        WIDE_INPUTS_TRIED);
  }

  private static float[][][] parameters(int[] sizes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int layers = sizes.length - 1;
    float[][][] p = new float[2][layers][];
    for (int l = 0; l < layers; l++) {
      p[0][l] = new float[sizes[l] * sizes[l + 1]];
      for (int k = 0; k < p[0][l].length; k++) {
        p[0][l][k] = (float) random.nextDouble(-0.2, 0.2);
      }
      p[1][l] = new float[sizes[l + 1]];
      for (int k = 0; k < p[1][l].length; k++) {
        p[1][l][k] = (float) random.nextDouble(-0.1, 0.1);
      }
    }
    return p;
  }

  private static float[] reference(int[] sizes, float[][][] p, float[] x, boolean sigmoidLast) {
    float[] a = x;
    int layers = sizes.length - 1;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] scales = Quantization.int8Scales(p[0][l], out, in);
      byte[] q = Quantization.int8(p[0][l], out, in, scales);
      float[] y = new float[out];
      for (int i = 0; i < out; i++) {
        float sum = 0;
        for (int j = 0; j < in; j++) {
          sum = sum + q[i * in + j] * a[j];
        }
        float z = p[1][l][i] + scales[i] * sum;
        y[i] = l < layers - 1 ? Math.max(0f, z) : sigmoidLast ? Activations.sigmoid(z) : z;
      }
      a = y;
    }
    return a;
  }

  private static void check(
      int[] sizes, float[][][] p, Forward plain, Forward simd, boolean sigmoidLast, int inputsTried) {
    SplittableRandom random = new SplittableRandom(11);
    int outputs = sizes[sizes.length - 1];
    int positive = 0;
    for (int n = 0; n < inputsTried; n++) {
      float[] x = new float[sizes[0]];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble(-1, 1);
      }
      float[] expected = reference(sizes, p, x, sigmoidLast);
      float[] fromPlain = new float[outputs];
      float[] fromSimd = new float[outputs];
      plain.forward(x, fromPlain);
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromPlain, 0f, "plain int8 loops against the reference");
      assertArrayEquals(expected, fromSimd, 0f, "SIMD int8 against the reference");
      for (float value : expected) {
        positive += value > 0 ? 1 : 0;
      }
    }
    assertTrue(positive > 0, "the outputs are not all zero or negative");
  }
}
