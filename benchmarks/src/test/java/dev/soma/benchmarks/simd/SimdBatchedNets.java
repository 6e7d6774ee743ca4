package dev.soma.benchmarks.simd;

import dev.soma.Activation;
import dev.soma.Activation.Kind;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Network.ActivationMath;

/**
 * {@code @Network(simd = true)} networks with the batched form beside the single-input one, for
 * {@link SimdBatchedTest} and {@link VectorFastActivationsTest}: N2's shape; odd sizes whose
 * outputs leave a narrower panel with a partial vector past the last whole panel (300 outputs on
 * AVX-512: floats 6 panels of 3 x 16 and 12 outputs in one vector, doubles 12 panels of 3 x 8 and
 * 12 outputs in 2 vectors; the fast-activation networks' 70 floats: 48 and 22 in 2 vectors);
 * double; baked weights (packed when the class initialises); one wide layer per fast activation, whose outputs are the activation of the input
 * times each output's weight.
 */
final class SimdBatchedNets {
  /** Outputs of the fast-activation networks: 4 vectors of 16 and 6 lanes past them. */
  static final int LANES_TRIED = 70;

  private SimdBatchedNets() {}

  @Network(simd = true)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface Mnist {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface OddFloat {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface OddDouble {
    void forward(double[] x, double[] y);

    void forward(double[][] xs, double[][] ys);
  }

  @Network(simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.TANH)
  @Dense(in = 300, out = 53) @Activation(Kind.SIGMOID)
  interface SmoothFloat {
    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true)
  @Dense(in = 9, out = 9, weights = {-0.5000, -0.1337, 0.2327, -0.4010, -0.0347, 0.3317, -0.3020, 0.0644, 0.4307, -0.2030, 0.1634, -0.4703, -0.1040, 0.2624, -0.3713, -0.0050, 0.3614, -0.2723, 0.0941, 0.4604, -0.1733, 0.1931, -0.4406, -0.0743, 0.2921, -0.3416, 0.0248, 0.3911, -0.2426, 0.1238, 0.4901, -0.1436, 0.2228, -0.4109, -0.0446, 0.3218, -0.3119, 0.0545, 0.4208, -0.2129, 0.1535, -0.4802, -0.1139, 0.2525, -0.3812, -0.0149, 0.3515, -0.2822, 0.0842, 0.4505, -0.1832, 0.1832, -0.4505, -0.0842, 0.2822, -0.3515, 0.0149, 0.3812, -0.2525, 0.1139, 0.4802, -0.1535, 0.2129, -0.4208, -0.0545, 0.3119, -0.3218, 0.0446, 0.4109, -0.2228, 0.1436, -0.4901, -0.1238, 0.2426, -0.3911, -0.0248, 0.3416, -0.2921, 0.0743, 0.4406, -0.1931},
      bias = {-0.5000, 0.2647, 0.0294, -0.2059, -0.4412, 0.3235, 0.0882, -0.1471, -0.3824})
  @Activation(Kind.RELU)
  @Dense(in = 9, out = 3, weights = {-0.5000, 0.0472, -0.4057, 0.1415, -0.3113, 0.2358, -0.2170, 0.3302, -0.1226, 0.4245, -0.0283, -0.4811, 0.0660, -0.3868, 0.1604, -0.2925, 0.2547, -0.1981, 0.3491, -0.1038, 0.4434, -0.0094, -0.4623, 0.0849, -0.3679, 0.1792, -0.2736},
      bias = {-0.5000, 0.1364, -0.2273})
  interface Baked {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true, activations = ActivationMath.FAST)
  @Dense(in = 1, out = LANES_TRIED) @Activation(Kind.SIGMOID)
  interface FastSigmoid {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true, activations = ActivationMath.FAST)
  @Dense(in = 1, out = LANES_TRIED) @Activation(Kind.TANH)
  interface FastTanh {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true, activations = ActivationMath.FAST)
  @Dense(in = 1, out = LANES_TRIED) @Activation(Kind.SWISH)
  interface FastSwish {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true, activations = ActivationMath.FAST)
  @Dense(in = 1, out = LANES_TRIED) @Activation(Kind.GELU)
  interface FastGelu {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(simd = true, activations = ActivationMath.FAST)
  @Dense(in = 1, out = LANES_TRIED) @Activation(Kind.GELU_TANH)
  interface FastGeluTanh {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }
}
