package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The single-input SIMD passes read the weights packed pass after pass, and still give the plain
 * loops' bits: each output is the bias, then {@code + w * x} over the inputs in order, a multiply
 * then an add, checked against that sum written here. The sizes leave outputs past the last whole
 * vector on 16- and 8-lane CPUs, and the ReLU zeros make the next layer skip inputs, also in passes
 * of 16 vectors (600 outputs after a ReLU). A thread's calls take the passes of such a layer first
 * to last and last to first in turn, so each input runs twice, once each way, and both must give
 * the reference's bits.
 */
class SimdPackedPassesTest {
  private static final int[] WIDE = {19, 45, 600, 7};
  private static final int[] BAKED = {3, 37, 21};
  /** Enough calls for C2 to compile the Vector API code, whose bits are checked too. */
  private static final int INPUTS_TRIED = 3000;

  @Test
  void runTimeWeightsFloat() {
    SplittableRandom random = new SplittableRandom(21);
    double[][][] parameters = parameters(WIDE, random);
    float[][] weights = toFloat(parameters[0]);
    float[][] biases = toFloat(parameters[1]);
    SomaSimdPackedNets_WidePlain plain = new SomaSimdPackedNets_WidePlain(weights, biases);
    SomaSimdPackedNets_WideSimd simd = new SomaSimdPackedNets_WideSimd(weights, biases);
    int[] zeros = {0};
    for (int n = 0; n < INPUTS_TRIED; n++) {
      float[] x = floatInput(WIDE[0], random);
      float[] expected = reference(WIDE, weights, biases, x, zeros);
      float[] fromPlain = new float[WIDE[3]];
      float[] fromSimd = new float[WIDE[3]];
      plain.forward(x, fromPlain);
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromPlain, 0f, "plain loops against the reference");
      assertArrayEquals(expected, fromSimd, 0f, "SIMD against the reference");
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromSimd, 0f, "SIMD, passes in the other order, against the reference");
    }
    assertTrue(zeros[0] > INPUTS_TRIED * 50, "the ReLUs leave zeros to skip: " + zeros[0]);
  }

  @Test
  void runTimeWeightsDouble() {
    SplittableRandom random = new SplittableRandom(22);
    double[][][] parameters = parameters(WIDE, random);
    SomaSimdPackedNets_WidePlainDouble plain =
        new SomaSimdPackedNets_WidePlainDouble(parameters[0], parameters[1]);
    SomaSimdPackedNets_WideSimdDouble simd =
        new SomaSimdPackedNets_WideSimdDouble(parameters[0], parameters[1]);
    for (int n = 0; n < INPUTS_TRIED; n++) {
      double[] x = random.doubles(WIDE[0], -1, 1).toArray();
      double[] expected = reference(WIDE, parameters[0], parameters[1], x);
      double[] fromPlain = new double[WIDE[3]];
      double[] fromSimd = new double[WIDE[3]];
      plain.forward(x, fromPlain);
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromPlain, 0, "plain loops against the reference");
      assertArrayEquals(expected, fromSimd, 0, "SIMD against the reference");
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromSimd, 0, "SIMD, passes in the other order, against the reference");
    }
  }

  @Test
  void bakedWeights() {
    float[][] weights = {
      baked(BAKED[0] * BAKED[1], 37, 101, 50, 100), baked(BAKED[1] * BAKED[2], 29, 103, 51, 200)
    };
    float[][] biases = {baked(BAKED[1], 13, 21, 10, 40), baked(BAKED[2], 7, 19, 9, 40)};
    SomaSimdPackedNets_Baked simd = new SomaSimdPackedNets_Baked();
    SplittableRandom random = new SplittableRandom(23);
    int[] zeros = {0};
    for (int n = 0; n < INPUTS_TRIED; n++) {
      float[] x = floatInput(BAKED[0], random);
      float[] fromSimd = new float[BAKED[2]];
      simd.forward(x, fromSimd);
      assertArrayEquals(reference(BAKED, weights, biases, x, zeros), fromSimd, 0f);
    }
    assertTrue(zeros[0] > INPUTS_TRIED * 5, "layer 1's ReLU leaves zeros to skip: " + zeros[0]);
  }

  /** {@code ((k * mul) % mod - off) / div} as float, k = 0 .. n-1: the literals of {@link SimdPackedNets}. */
  private static float[] baked(int n, int mul, int mod, int off, double div) {
    float[] values = new float[n];
    for (int k = 0; k < n; k++) {
      values[k] = (float) (((k * mul) % mod - off) / div);
    }
    return values;
  }

  /** Row-major weights scaled by 1/sqrt(in) and biases in [-0.5, 0.5): {weights, biases}. */
  private static double[][][] parameters(int[] sizes, SplittableRandom random) {
    double[][][] values = new double[2][sizes.length - 1][];
    for (int l = 0; l < sizes.length - 1; l++) {
      double scale = 1 / Math.sqrt(sizes[l]);
      values[0][l] = random.doubles((long) sizes[l] * sizes[l + 1], -scale, scale).toArray();
      values[1][l] = random.doubles(sizes[l + 1], -0.5, 0.5).toArray();
    }
    return values;
  }

  private static float[][] toFloat(double[][] values) {
    float[][] floats = new float[values.length][];
    for (int l = 0; l < values.length; l++) {
      floats[l] = new float[values[l].length];
      for (int k = 0; k < floats[l].length; k++) {
        floats[l][k] = (float) values[l][k];
      }
    }
    return floats;
  }

  private static float[] floatInput(int size, SplittableRandom random) {
    float[] x = new float[size];
    for (int j = 0; j < size; j++) {
      x[j] = (float) random.nextDouble(-1, 1);
    }
    return x;
  }

  /**
   * Each output: the bias, then + w * x over the inputs in order; ReLU on every layer but the last,
   * whose zeros are counted in {@code zeros[0]}.
   */
  private static float[] reference(int[] sizes, float[][] weights, float[][] biases, float[] input, int[] zeros) {
    float[] x = input;
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      float[] y = new float[sizes[l + 1]];
      for (int i = 0; i < y.length; i++) {
        float sum = biases[l][i];
        for (int j = 0; j < in; j++) {
          sum = sum + weights[l][i * in + j] * x[j];
        }
        y[i] = l < sizes.length - 2 ? Math.max(0f, sum) : sum;
        zeros[0] += l < sizes.length - 2 && y[i] == 0 ? 1 : 0;
      }
      x = y;
    }
    return x;
  }

  private static double[] reference(int[] sizes, double[][] weights, double[][] biases, double[] input) {
    double[] x = input;
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      double[] y = new double[sizes[l + 1]];
      for (int i = 0; i < y.length; i++) {
        double sum = biases[l][i];
        for (int j = 0; j < in; j++) {
          sum = sum + weights[l][i * in + j] * x[j];
        }
        y[i] = l < sizes.length - 2 ? Math.max(0, sum) : sum;
      }
      x = y;
    }
    return x;
  }

}
