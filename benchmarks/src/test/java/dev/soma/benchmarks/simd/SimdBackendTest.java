package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.runtime.Activations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code @Network(simd = true)} gives the same bits as the plain loops and as a reference written
 * here (bias first, then the inputs in order, a multiply then an add), float and double, on N2's
 * shape and on odd sizes whose last outputs miss a whole vector.
 */
class SimdBackendTest {
  private static final int[] MNIST = {784, 128, 10};
  private static final int[] ODD = {37, 300, 53, 5};
  private static final Act[] MNIST_ACTIVATIONS = {Act.RELU, Act.IDENTITY};
  private static final Act[] ODD_ACTIVATIONS = {Act.RELU, Act.LEAKY_RELU, Act.SIGMOID};
  /** The leaky ReLU slope of {@link SimdNets}. */
  private static final double ALPHA = 0.1;
  /** Enough calls for C2 to compile the Vector API code, whose bits are checked too. */
  private static final int INPUTS_TRIED = 3000;

  @Test
  void mnistFloat() {
    float[][][] parameters = floatParameters(MNIST, 1);
    SomaSimdNets_MnistFloat plain = new SomaSimdNets_MnistFloat(parameters[0], parameters[1]);
    SomaSimdNets_MnistFloatSimd simd =
        new SomaSimdNets_MnistFloatSimd(parameters[0], parameters[1]);
    checkFloat(MNIST, parameters, plain::forward, simd::forward, MNIST_ACTIVATIONS);
  }

  @Test
  void oddFloat() {
    float[][][] parameters = floatParameters(ODD, 2);
    SomaSimdNets_OddFloat plain = new SomaSimdNets_OddFloat(parameters[0], parameters[1]);
    SomaSimdNets_OddFloatSimd simd = new SomaSimdNets_OddFloatSimd(parameters[0], parameters[1]);
    checkFloat(ODD, parameters, plain::forward, simd::forward, ODD_ACTIVATIONS);
  }

  @Test
  void mnistDouble() {
    double[][][] parameters = doubleParameters(MNIST, 3);
    SomaSimdNets_MnistDouble plain = new SomaSimdNets_MnistDouble(parameters[0], parameters[1]);
    SomaSimdNets_MnistDoubleSimd simd =
        new SomaSimdNets_MnistDoubleSimd(parameters[0], parameters[1]);
    checkDouble(MNIST, parameters, plain::forward, simd::forward, MNIST_ACTIVATIONS);
  }

  @Test
  void oddDouble() {
    double[][][] parameters = doubleParameters(ODD, 4);
    SomaSimdNets_OddDouble plain = new SomaSimdNets_OddDouble(parameters[0], parameters[1]);
    SomaSimdNets_OddDoubleSimd simd = new SomaSimdNets_OddDoubleSimd(parameters[0], parameters[1]);
    checkDouble(ODD, parameters, plain::forward, simd::forward, ODD_ACTIVATIONS);
  }

  /** The activation of each layer, computed here in the layer's precision. */
  private enum Act {
    IDENTITY,
    RELU,
    LEAKY_RELU,
    SIGMOID;

    float apply(float z) {
      switch (this) {
        case RELU:
          return Math.max(0f, z);
        case LEAKY_RELU:
          return z > 0 ? z : (float) ALPHA * z;
        case SIGMOID:
          return Activations.sigmoid(z);
        default:
          return z;
      }
    }

    double apply(double z) {
      switch (this) {
        case RELU:
          return Math.max(0, z);
        case LEAKY_RELU:
          return z > 0 ? z : ALPHA * z;
        case SIGMOID:
          return Activations.sigmoid(z);
        default:
          return z;
      }
    }
  }

  private interface FloatForward {
    void forward(float[] x, float[] y);
  }

  private interface DoubleForward {
    void forward(double[] x, double[] y);
  }

  private static void checkFloat(
      int[] sizes, float[][][] parameters, FloatForward plain, FloatForward simd, Act[] f) {
    SplittableRandom random = new SplittableRandom(11);
    int outputs = sizes[sizes.length - 1];
    int positive = 0;
    for (int n = 0; n < INPUTS_TRIED; n++) {
      float[] x = new float[sizes[0]];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble(-1, 1);
      }
      float[] expected = referenceFloat(sizes, parameters, x, f);
      float[] fromPlain = new float[outputs];
      float[] fromSimd = new float[outputs];
      plain.forward(x, fromPlain);
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromPlain, 0f, "plain loops against the reference");
      assertArrayEquals(expected, fromSimd, 0f, "SIMD against the reference");
      for (float value : expected) {
        positive += value > 0 ? 1 : 0;
      }
    }
    assertTrue(positive > 0, "the outputs are not all zero or negative");
  }

  private static void checkDouble(
      int[] sizes,
      double[][][] parameters,
      DoubleForward plain,
      DoubleForward simd,
      Act[] f) {
    SplittableRandom random = new SplittableRandom(12);
    int outputs = sizes[sizes.length - 1];
    for (int n = 0; n < INPUTS_TRIED; n++) {
      double[] x = new double[sizes[0]];
      for (int j = 0; j < x.length; j++) {
        x[j] = random.nextDouble(-1, 1);
      }
      double[] expected = referenceDouble(sizes, parameters, x, f);
      double[] fromPlain = new double[outputs];
      double[] fromSimd = new double[outputs];
      plain.forward(x, fromPlain);
      simd.forward(x, fromSimd);
      assertArrayEquals(expected, fromPlain, 0, "plain loops against the reference");
      assertArrayEquals(expected, fromSimd, 0, "SIMD against the reference");
    }
  }

  /** Row-major out x in weights and biases in [-1, 1), {weights, biases}. */
  private static float[][][] floatParameters(int[] sizes, long seed) {
    double[][][] values = doubleParameters(sizes, seed);
    float[][][] floats = new float[2][sizes.length - 1][];
    for (int p = 0; p < 2; p++) {
      for (int l = 0; l < sizes.length - 1; l++) {
        floats[p][l] = new float[values[p][l].length];
        for (int k = 0; k < floats[p][l].length; k++) {
          floats[p][l][k] = (float) values[p][l][k];
        }
      }
    }
    return floats;
  }

  private static double[][][] doubleParameters(int[] sizes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][][] values = new double[2][sizes.length - 1][];
    for (int l = 0; l < sizes.length - 1; l++) {
      // scaled so the sums stay near 1 and ReLU zeroes about half of them
      double scale = 1 / Math.sqrt(sizes[l]);
      values[0][l] = random.doubles(sizes[l] * sizes[l + 1], -scale, scale).toArray();
      values[1][l] = random.doubles(sizes[l + 1], -0.5, 0.5).toArray();
    }
    return values;
  }

  /** Each output: the bias, then + w * x over the inputs in order, then the activation. */
  private static float[] referenceFloat(
      int[] sizes, float[][][] parameters, float[] input, Act[] f) {
    float[] x = input;
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      float[] y = new float[sizes[l + 1]];
      for (int i = 0; i < y.length; i++) {
        float sum = parameters[1][l][i];
        for (int j = 0; j < in; j++) {
          sum = sum + parameters[0][l][i * in + j] * x[j];
        }
        y[i] = f[l].apply(sum);
      }
      x = y;
    }
    return x;
  }

  private static double[] referenceDouble(
      int[] sizes, double[][][] parameters, double[] input, Act[] f) {
    double[] x = input;
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      double[] y = new double[sizes[l + 1]];
      for (int i = 0; i < y.length; i++) {
        double sum = parameters[1][l][i];
        for (int j = 0; j < in; j++) {
          sum = sum + parameters[0][l][i * in + j] * x[j];
        }
        y[i] = f[l].apply(sum);
      }
      x = y;
    }
    return x;
  }
}
