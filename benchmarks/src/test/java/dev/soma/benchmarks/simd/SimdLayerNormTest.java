package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.LayerNorm;
import dev.soma.Network;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code @LayerNorm} under {@code @Network(simd = true)}: single calls give the same bits as the
 * plain loops once C2 has compiled the Vector API code (this module runs with the Vector API; the
 * processor's tests cannot load SIMD classes). Batches run the SIMD batched kernel, whose dense sums
 * use fused multiply-adds (within the dot-product bound of {@code SimdBatchedTest}, about {@code in
 * * 2^-24} of the terms' magnitude); the LayerNorms between them are the same code, so a batch
 * stays within {@value #BATCH_TOLERANCE} (relative, at least 1 in magnitude) of the plain loops;
 * the largest difference seen here was 1.5e-6 (2026-11-30, AVX-512).
 */
class SimdLayerNormTest {
  private static final double BATCH_TOLERANCE = 1e-4;

  @Network
  @Dense(in = 37, out = 300) @LayerNorm @Activation(Activation.Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Activation.Kind.TANH) @LayerNorm(epsilon = 1e-3)
  @Dense(in = 53, out = 5)
  interface Plain {
    void forward(float[] x, float[] y);

    void all(float[][] xs, float[][] ys);
  }

  @Network(simd = true)
  @Dense(in = 37, out = 300) @LayerNorm @Activation(Activation.Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Activation.Kind.TANH) @LayerNorm(epsilon = 1e-3)
  @Dense(in = 53, out = 5)
  interface Simd {
    void forward(float[] x, float[] y);

    void all(float[][] xs, float[][] ys);
  }

  @Test
  void simdLayerNormGivesThePlainBits() {
    SomaSimdLayerNormTest_Plain random = SomaSimdLayerNormTest_Plain.random(9);
    float[][] weights = random.weights();
    float[][] biases = random.biases();
    SplittableRandom values = new SplittableRandom(10);
    for (int l : new int[] {1, 3}) {
      for (int i = 0; i < weights[l].length; i++) {
        weights[l][i] = (float) values.nextDouble(0.5, 1.5);
        biases[l][i] = (float) values.nextDouble(-0.5, 0.5);
      }
    }
    SomaSimdLayerNormTest_Plain plain = new SomaSimdLayerNormTest_Plain(weights, biases);
    SomaSimdLayerNormTest_Simd simd = new SomaSimdLayerNormTest_Simd(weights, biases);
    int rows = 3000;
    float[][] xs = new float[rows][37];
    float[][] batch = new float[rows][5];
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) values.nextDouble(-2, 2);
      }
    }
    simd.all(xs, batch);
    float[] a = new float[5];
    float[] b = new float[5];
    double largest = 0;
    for (int r = 0; r < rows; r++) {
      plain.forward(xs[r], a);
      simd.forward(xs[r], b);
      for (int i = 0; i < 5; i++) {
        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "row " + r);
        assertEquals(a[i], batch[r][i], BATCH_TOLERANCE * Math.max(1, Math.abs(a[i])), "batch row " + r);
        largest = Math.max(largest, Math.abs(a[i] - batch[r][i]));
      }
    }
    assertTrue(largest > 0, "the batch runs the fused multiply-add kernel, not the plain loops");
  }
}
