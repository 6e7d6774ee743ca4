package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.soma.Activation;
import dev.soma.Activation.Kind;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Storage;
import dev.soma.runtime.Quantization;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code @Network(storage = BF16)} keeps {@code short[]} columns and widens them in registers (a
 * shift into a float's upper half; {@code S2I} then {@code LSHL} with the Vector API): plain and
 * SIMD give the same bits as the F32 network holding the rounded weights.
 */
class Bf16SimdTest {
  private static final int INPUTS_TRIED = 3000;

  @Network
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Kind.SIGMOID)
  interface OddF32 { void forward(float[] x, float[] y); }

  @Network(storage = Storage.BF16)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Kind.SIGMOID)
  interface OddBf16 { void forward(float[] x, float[] y); }

  @Network(storage = Storage.BF16, simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Kind.SIGMOID)
  interface OddBf16Simd { void forward(float[] x, float[] y); }

  @Test
  void bf16IsF32OfTheRoundedWeights() {
    int[] sizes = {37, 300, 53};
    SplittableRandom random = new SplittableRandom(3);
    float[][] w = new float[2][];
    float[][] rounded = new float[2][];
    float[][] b = new float[2][];
    for (int l = 0; l < 2; l++) {
      w[l] = new float[sizes[l] * sizes[l + 1]];
      for (int k = 0; k < w[l].length; k++) {
        w[l][k] = (float) random.nextDouble(-0.3, 0.3);
      }
      rounded[l] = Quantization.stored(Storage.BF16, w[l], sizes[l + 1], sizes[l]);
      b[l] = new float[sizes[l + 1]];
      for (int k = 0; k < b[l].length; k++) {
        b[l][k] = (float) random.nextDouble(-0.1, 0.1);
      }
    }
    SomaBf16SimdTest_OddF32 reference = new SomaBf16SimdTest_OddF32(rounded, b);
    SomaBf16SimdTest_OddBf16 plain = new SomaBf16SimdTest_OddBf16(w, b);
    SomaBf16SimdTest_OddBf16Simd simd = new SomaBf16SimdTest_OddBf16Simd(w, b);
    for (int n = 0; n < INPUTS_TRIED; n++) {
      float[] x = new float[sizes[0]];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble(-1, 1);
      }
      float[] expected = new float[53];
      float[] fromPlain = new float[53];
      float[] fromSimd = new float[53];
      reference.forward(x, expected);
      plain.forward(x, fromPlain);
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromPlain, 0f, "plain BF16 against F32 of the rounded weights");
      assertArrayEquals(expected, fromSimd, 0f, "SIMD BF16 against F32 of the rounded weights");
    }
    for (int l = 0; l < 2; l++) {
      assertArrayEquals(rounded[l], plain.weights()[l], 0f);
      assertArrayEquals(rounded[l], simd.weights()[l], 0f);
    }
  }
}
