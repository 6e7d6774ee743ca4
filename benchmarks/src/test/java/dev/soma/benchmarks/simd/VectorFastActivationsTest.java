package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.runtime.FastActivations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The lane-wise forms of the fast float activations, in the single-input SIMD loops and in the
 * batched kernel, give the same bits as the scalar {@link FastActivations} (so its error bounds hold
 * for them), on a sweep of inputs: every 4099th float of magnitude 2^-100 to 2^8, every float
 * within 64 ulps of the functions' break points, and the special values. Each network is one layer
 * {@code 1 -> LANES_TRIED} whose weights are powers of two from 2^-4 to 2^4 and whose biases are
 * -0, so output i is f(-0 + x w_i) = f(x w_i) with x w_i exact (-0 included: tanh(-0) = -0), and
 * every lane sees a different argument.
 */
class VectorFastActivationsTest {
  private static final int ROWS = 64;

  private interface Batch {
    void forward(float[][] xs, float[][] ys);
  }

  private interface Single {
    void forward(float[] x, float[] y);
  }

  @Test
  void sigmoid() {
    SomaSimdBatchedNets_FastSigmoid net = new SomaSimdBatchedNets_FastSigmoid(weights(), biases());
    check("sigmoid", net::forward, net::forward, z -> FastActivations.sigmoid((float) z));
  }

  @Test
  void tanh() {
    SomaSimdBatchedNets_FastTanh net = new SomaSimdBatchedNets_FastTanh(weights(), biases());
    check("tanh", net::forward, net::forward, z -> FastActivations.tanh((float) z));
  }

  @Test
  void swish() {
    SomaSimdBatchedNets_FastSwish net = new SomaSimdBatchedNets_FastSwish(weights(), biases());
    check("swish", net::forward, net::forward, z -> FastActivations.swish((float) z));
  }

  @Test
  void gelu() {
    SomaSimdBatchedNets_FastGelu net = new SomaSimdBatchedNets_FastGelu(weights(), biases());
    check("gelu", net::forward, net::forward, z -> FastActivations.gelu((float) z));
  }

  @Test
  void geluTanh() {
    SomaSimdBatchedNets_FastGeluTanh net = new SomaSimdBatchedNets_FastGeluTanh(weights(), biases());
    check("geluTanh", net::forward, net::forward, z -> FastActivations.geluTanh((float) z));
  }

  private static float weight(int i) {
    return (float) Math.scalb(1.0, i % 9 - 4);
  }

  private static float[][] weights() {
    float[] w = new float[SimdBatchedNets.LANES_TRIED];
    for (int i = 0; i < w.length; i++) {
      w[i] = weight(i);
    }
    return new float[][] {w};
  }

  private static float[][] biases() {
    float[] b = new float[SimdBatchedNets.LANES_TRIED];
    Arrays.fill(b, -0f);
    return new float[][] {b};
  }

  /** The inputs swept. */
  static float[] inputs() {
    List<Float> values = new ArrayList<>();
    for (float special :
        new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE}) {
      values.add(special);
      values.add(-special);
    }
    int from = Float.floatToIntBits(0x1p-100f);
    int to = Float.floatToIntBits(0x1p8f);
    for (int bits = from; bits < to; bits += 4099) {
      values.add(Float.intBitsToFloat(bits));
      values.add(-Float.intBitsToFloat(bits));
    }
    // clamps and saturations: exp's -104 and 89, tanh's 10, gelu's 16, swish's 200, and 1/16 of them
    for (float point : new float[] {104f, 89f, 10f, 16f, 200f, 0.5f, 1f, 2f, 20f}) {
      for (float p : new float[] {point, point / 16}) {
        int bits = Float.floatToIntBits(p);
        for (int d = -64; d <= 64; d++) {
          values.add(Float.intBitsToFloat(bits + d));
          values.add(-Float.intBitsToFloat(bits + d));
        }
      }
    }
    float[] result = new float[values.size()];
    for (int k = 0; k < result.length; k++) {
      result[k] = values.get(k);
    }
    return result;
  }

  private static void check(String name, Batch batch, Single single, DoubleUnaryOperator scalar) {
    float[] inputs = inputs();
    int lanes = SimdBatchedNets.LANES_TRIED;
    float[][] xs = new float[ROWS][1];
    float[][] ys = new float[ROWS][lanes];
    float[] y = new float[lanes];
    long checked = 0;
    for (int start = 0; start < inputs.length; start += ROWS) {
      int rows = Math.min(ROWS, inputs.length - start);
      float[][] batchXs = rows == ROWS ? xs : new float[rows][1];
      float[][] batchYs = rows == ROWS ? ys : new float[rows][lanes];
      for (int r = 0; r < rows; r++) {
        batchXs[r][0] = inputs[start + r];
      }
      batch.forward(batchXs, batchYs);
      for (int r = 0; r < rows; r++) {
        float x = batchXs[r][0];
        single.forward(batchXs[r], y);
        for (int i = 0; i < lanes; i++) {
          float z = -0f + x * weight(i); // the bias -0 first, as in the network: -0 stays -0
          float expected = (float) scalar.applyAsDouble(z);
          same(name + " batched", z, expected, batchYs[r][i]);
          same(name + " single", z, expected, y[i]);
          checked++;
        }
      }
    }
    assertTrue(checked > 1_000_000, "swept " + checked + " lanes");
  }

  private static void same(String what, float z, float expected, float actual) {
    if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
      throw new AssertionError(
          what + "(" + z + " = " + Float.toHexString(z) + ") is " + actual + ", the scalar function gives " + expected);
    }
  }
}
