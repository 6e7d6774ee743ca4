package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.runtime.Activations;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API batched kernel of {@code @Network(simd = true)} against a reference computed here
 * in higher precision, with an error bound scaled to each output: a float (double) dot product of n
 * terms, bias included, is within {@code gamma(n+1) (|b| + sum |w x|)} of the exact one, gamma(n) =
 * n u / (1 - n u), u = 2^-24 (2^-53), whether its multiply-adds are fused or not; the bound is
 * carried through the layers with the activations' slopes (at most 1) and their own rounding. The
 * single-input form must meet the same bound, and the batched form must meet it at every batch
 * size: whole tiles, the rows left over, one row, more than one block.
 */
class SimdBatchedTest {
  private static final int[] MNIST = {784, 128, 10};
  private static final int[] ODD = {37, 300, 53, 5};
  private static final int[] BAKED = {9, 9, 3};
  private static final Act[] MNIST_ACTIVATIONS = {Act.RELU, Act.IDENTITY};
  private static final Act[] ODD_ACTIVATIONS = {Act.RELU, Act.LEAKY_RELU, Act.SIGMOID};
  private static final Act[] SMOOTH_ACTIVATIONS = {Act.TANH, Act.SIGMOID};
  private static final Act[] BAKED_ACTIVATIONS = {Act.RELU, Act.IDENTITY};
  private static final int[] BATCH_SIZES = {1, 2, 3, 5, 7, 8, 13, 47, 48, 49, 64, 100, 257};
  private static final double ALPHA = 0.1;
  /** Batches run before the checked ones, so that C2 compiles the kernel whose results are checked. */
  private static final int WARM_UP_BATCHES = 3000;

  @Test
  void mnistFloat() {
    double[][][] p = parameters(MNIST, 1, true);
    SomaSimdBatchedNets_Mnist net = new SomaSimdBatchedNets_Mnist(floats(p[0]), floats(p[1]));
    checkFloat(MNIST, p, MNIST_ACTIVATIONS, net::forward, net::forward, 0);
  }

  @Test
  void oddFloat() {
    double[][][] p = parameters(ODD, 2, true);
    SomaSimdBatchedNets_OddFloat net = new SomaSimdBatchedNets_OddFloat(floats(p[0]), floats(p[1]));
    checkFloat(ODD, p, ODD_ACTIVATIONS, net::forward, net::forward, WARM_UP_BATCHES);
  }

  @Test
  void smoothFloat() {
    int[] sizes = {37, 300, 53};
    double[][][] p = parameters(sizes, 3, true);
    SomaSimdBatchedNets_SmoothFloat net =
        new SomaSimdBatchedNets_SmoothFloat(floats(p[0]), floats(p[1]));
    checkFloat(sizes, p, SMOOTH_ACTIVATIONS, net::forward, null, 0);
  }

  @Test
  void bakedFloat() {
    SomaSimdBatchedNets_Baked net = new SomaSimdBatchedNets_Baked();
    float[][] w = net.weights();
    float[][] b = net.biases();
    double[][][] p = new double[2][2][];
    for (int l = 0; l < 2; l++) {
      p[0][l] = doubles(w[l]);
      p[1][l] = doubles(b[l]);
    }
    checkFloat(BAKED, p, BAKED_ACTIVATIONS, net::forward, net::forward, WARM_UP_BATCHES);
  }

  @Test
  void oddDouble() {
    double[][][] p = parameters(ODD, 4, false);
    SomaSimdBatchedNets_OddDouble net = new SomaSimdBatchedNets_OddDouble(p[0], p[1]);
    SplittableRandom random = new SplittableRandom(21);
    for (int n = 0; n < WARM_UP_BATCHES; n++) {
      net.forward(doubleRows(random, 13, ODD[0]), new double[13][ODD[3]]);
    }
    for (int size : BATCH_SIZES) {
      double[][] xs = doubleRows(random, size, ODD[0]);
      double[][] ys = new double[size][ODD[3]];
      net.forward(xs, ys);
      for (int r = 0; r < size; r++) {
        double[][] reference = reference(ODD, p, xs[r], ODD_ACTIVATIONS, 0x1p-53);
        double[] single = new double[ODD[3]];
        net.forward(xs[r], single);
        for (int i = 0; i < ODD[3]; i++) {
          double bound = reference[1][i];
          assertTrue(bound < 1e-12, "the bound says something");
          within(ys[r][i], reference[0][i], bound, "batched", size, r, i);
          within(single[i], reference[0][i], bound, "single", size, r, i);
        }
      }
    }
  }

  static void within(double actual, double expected, double bound, String form, int size, int r, int i) {
    if (!(Math.abs(actual - expected) <= bound)) {
      throw new AssertionError(
          form + ", batch of " + size + ", row " + r + ", output " + i + ": " + actual + " is "
              + Math.abs(actual - expected) + " from the reference " + expected + ", bound " + bound);
    }
  }

  /** A batched and, if given, a single form of a float network. */
  interface FloatBatch {
    void forward(float[][] xs, float[][] ys);
  }

  interface FloatSingle {
    void forward(float[] x, float[] y);
  }

  private static void checkFloat(
      int[] sizes, double[][][] p, Act[] f, FloatBatch batched, FloatSingle single, int warmUp) {
    checkFloat(sizes, p, f, 1, batched, single, warmUp);
  }

  /** {@link #checkFloat} with sums rounded {@code extra} times beyond their terms ({@link #reference}). */
  static void checkFloat(
      int[] sizes, double[][][] p, Act[] f, int extra, FloatBatch batched, FloatSingle single, int warmUp) {
    SplittableRandom random = new SplittableRandom(31);
    int outputs = sizes[sizes.length - 1];
    for (int n = 0; n < warmUp; n++) {
      batched.forward(floatRows(random, 13, sizes[0]), new float[13][outputs]);
    }
    int positive = 0;
    for (int size : BATCH_SIZES) {
      float[][] xs = floatRows(random, size, sizes[0]);
      xs[0] = new float[sizes[0]]; // a row of zeros: the biases through the network
      float[][] ys = new float[size][outputs];
      batched.forward(xs, ys);
      for (int r = 0; r < size; r++) {
        double[][] reference = reference(sizes, p, doubles(xs[r]), f, 0x1p-24, extra);
        float[] y = new float[outputs];
        if (single != null) {
          single.forward(xs[r], y);
        }
        for (int i = 0; i < outputs; i++) {
          double bound = reference[1][i];
          assertTrue(bound < 2e-2, "the bound says something: " + bound);
          within(ys[r][i], reference[0][i], bound, "batched", size, r, i);
          if (single != null) {
            within(y[i], reference[0][i], bound, "single", size, r, i);
          }
          positive += ys[r][i] > 0 ? 1 : 0;
        }
      }
    }
    assertTrue(positive > 0, "the outputs are not all zero or negative");
  }

  /** The activations, their largest slope, and their rounding in ulps of the result. */
  enum Act {
    IDENTITY(1, 0),
    RELU(1, 0),
    LEAKY_RELU(1, 1),
    SIGMOID(0.25, 2),
    TANH(1, 2);

    final double slope;
    final double ulps;

    Act(double slope, double ulps) {
      this.slope = slope;
      this.ulps = ulps;
    }

    double apply(double z) {
      switch (this) {
        case RELU:
          return Math.max(0, z);
        case LEAKY_RELU:
          return z > 0 ? z : ALPHA * z;
        case SIGMOID:
          return Activations.sigmoid(z);
        case TANH:
          return Math.tanh(z);
        default:
          return z;
      }
    }
  }

  /**
   * {reference outputs, error bounds}: each layer's sums with a compensated dot product (twice the
   * working precision of double), and the bound on |computed - reference| of a network computing in
   * unit roundoff {@code u}.
   */
  private static double[][] reference(int[] sizes, double[][][] p, double[] input, Act[] f, double u) {
    return reference(sizes, p, input, f, u, 1);
  }

  /**
   * {@link #reference} for sums rounded {@code extra} times beyond their n terms: 1 for a dot
   * product with its bias; 3 for INT8's {@code b + s * sum}, whose scale multiply adds one more.
   */
  static double[][] reference(int[] sizes, double[][][] p, double[] input, Act[] f, double u, int extra) {
    double[] x = input;
    double[] error = new double[x.length];
    for (int l = 0; l < sizes.length - 1; l++) {
      int in = sizes[l];
      double gamma = (in + extra) * u / (1 - (in + extra) * u);
      double[] y = new double[sizes[l + 1]];
      double[] e = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        double b = p[1][l][i];
        double sum = b;
        double low = 0;
        double magnitude = Math.abs(b);
        double carried = 0;
        for (int j = 0; j < in; j++) {
          double w = p[0][l][i * in + j];
          double product = w * x[j];
          double productLow = Math.fma(w, x[j], -product);
          double t = sum + product;
          double z = t - sum;
          low += (sum - (t - z)) + (product - z) + productLow;
          sum = t;
          magnitude += Math.abs(w) * (Math.abs(x[j]) + error[j]);
          carried += Math.abs(w) * error[j];
        }
        sum += low;
        double sumError = carried + gamma * magnitude + 4 * Math.ulp(sum) + 0x1p-100;
        y[i] = f[l].apply(sum);
        double result = Math.abs(y[i]) + f[l].slope * sumError;
        e[i] = f[l].slope * sumError + (f[l].ulps + 1) * u * 2 * result + 0x1p-100;
      }
      x = y;
      error = e;
    }
    return new double[][] {x, error};
  }

  /** Row-major out x in weights and biases, {weights, biases}, float-representable if {@code asFloat}. */
  private static double[][][] parameters(int[] sizes, long seed, boolean asFloat) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][][] values = new double[2][sizes.length - 1][];
    for (int l = 0; l < sizes.length - 1; l++) {
      double scale = 1 / Math.sqrt(sizes[l]);
      values[0][l] = random.doubles(sizes[l] * sizes[l + 1], -scale, scale).toArray();
      values[1][l] = random.doubles(sizes[l + 1], -0.5, 0.5).toArray();
      if (asFloat) {
        values[0][l] = doubles(floats(values[0][l]));
        values[1][l] = doubles(floats(values[1][l]));
      }
    }
    return values;
  }

  private static float[][] floats(double[][] values) {
    float[][] result = new float[values.length][];
    for (int l = 0; l < values.length; l++) {
      result[l] = floats(values[l]);
    }
    return result;
  }

  static float[] floats(double[] values) {
    float[] result = new float[values.length];
    for (int k = 0; k < values.length; k++) {
      result[k] = (float) values[k];
    }
    return result;
  }

  static double[] doubles(float[] values) {
    double[] result = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      result[k] = values[k];
    }
    return result;
  }

  static float[][] floatRows(SplittableRandom random, int rows, int width) {
    float[][] xs = new float[rows][width];
    for (float[] x : xs) {
      for (int j = 0; j < width; j++) {
        x[j] = (float) random.nextDouble(-1, 1);
      }
    }
    return xs;
  }

  private static double[][] doubleRows(SplittableRandom random, int rows, int width) {
    double[][] xs = new double[rows][width];
    for (double[] x : xs) {
      for (int j = 0; j < width; j++) {
        x[j] = random.nextDouble(-1, 1);
      }
    }
    return xs;
  }
}
