package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.LayerNorm;
import dev.soma.Network;
import dev.soma.Storage;
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

  @Network(storage = Storage.BF16)
  @Dense(in = 37, out = 300) @LayerNorm @Activation(Activation.Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Activation.Kind.TANH) @LayerNorm(epsilon = 1e-3)
  @Dense(in = 53, out = 5)
  interface PlainBf16 {
    void forward(float[] x, float[] y);

    void all(float[][] xs, float[][] ys);
  }

  @Network(simd = true, storage = Storage.BF16)
  @Dense(in = 37, out = 300) @LayerNorm @Activation(Activation.Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(Activation.Kind.TANH) @LayerNorm(epsilon = 1e-3)
  @Dense(in = 53, out = 5)
  interface SimdBf16 {
    void forward(float[] x, float[] y);

    void all(float[][] xs, float[][] ys);
  }

  /** One row through a network. */
  private interface Forward {
    void forward(float[] x, float[] y);
  }

  /** Random weights, with gamma in [0.5, 1.5) and beta in [-0.5, 0.5) for the LayerNorms (layers 1 and 3). */
  private static float[][][] parameters() {
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
    return new float[][][] {weights, biases};
  }

  @Test
  void simdLayerNormGivesThePlainBits() {
    float[][][] p = parameters();
    SomaSimdLayerNormTest_Plain plain = new SomaSimdLayerNormTest_Plain(p[0], p[1]);
    SomaSimdLayerNormTest_Simd simd = new SomaSimdLayerNormTest_Simd(p[0], p[1]);
    assertSameBitsAndBatchWithinBound(plain::forward, simd::forward, simd::all, true);
  }

  /** BF16 storage with LayerNorm: the SIMD form widens short columns, the plain loops read the rounded floats. */
  @Test
  void bfloat16LayerNormGivesThePlainBits() {
    float[][][] p = parameters();
    SomaSimdLayerNormTest_PlainBf16 plain = new SomaSimdLayerNormTest_PlainBf16(p[0], p[1]);
    SomaSimdLayerNormTest_SimdBf16 simd = new SomaSimdLayerNormTest_SimdBf16(p[0], p[1]);
    float[][] stored = simd.weights();
    for (int l : new int[] {1, 3}) {
      assertEquals(java.util.Arrays.toString(p[0][l]), java.util.Arrays.toString(stored[l]), "gamma stays float");
    }
    assertEquals(
        java.util.Arrays.toString(plain.weights()[0]), java.util.Arrays.toString(stored[0]), "both keep the same weights");
    // BF16 batches with LayerNorm run one single-input pass per row: the bits of single calls
    assertSameBitsAndBatchWithinBound(plain::forward, simd::forward, simd::all, false);
  }

  /** {@code kernel}: whether the batch runs the fused multiply-add kernel (else single calls' bits). */
  private static void assertSameBitsAndBatchWithinBound(
      Forward plain, Forward simd, java.util.function.BiConsumer<float[][], float[][]> simdAll, boolean kernel) {
    SplittableRandom values = new SplittableRandom(11);
    int rows = 3000;
    float[][] xs = new float[rows][37];
    float[][] batch = new float[rows][5];
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) values.nextDouble(-2, 2);
      }
    }
    simdAll.accept(xs, batch);
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
    if (kernel) {
      assertTrue(largest > 0, "the batch runs the fused multiply-add kernel, not the plain loops");
    } else {
      assertEquals(0, largest, "the batch runs single-input passes");
    }
  }
}
