package dev.soma.benchmarks.simd;

import dev.soma.Activation;
import dev.soma.Activation.Kind;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * The same networks twice, plain and with {@code @Network(simd = true)}, in float and double: N2's
 * shape, and odd sizes that leave outputs past the last whole vector (on AVX-512, 300 = a block of
 * 16 vectors of 16, 2 more vectors and 12 outputs; 53; 5).
 */
final class SimdNets {
  private SimdNets() {}

  @Network
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface MnistFloat { void forward(float[] x, float[] y); }

  @Network(simd = true)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface MnistFloatSimd { void forward(float[] x, float[] y); }

  @Network
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface MnistDouble { void forward(double[] x, double[] y); }

  @Network(simd = true)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  interface MnistDoubleSimd { void forward(double[] x, double[] y); }

  @Network
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface OddFloat { void forward(float[] x, float[] y); }

  @Network(simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface OddFloatSimd { void forward(float[] x, float[] y); }

  @Network
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface OddDouble { void forward(double[] x, double[] y); }

  @Network(simd = true)
  @Dense(in = 37, out = 300) @Activation(Kind.RELU)
  @Dense(in = 300, out = 53) @Activation(value = Kind.LEAKY_RELU, alpha = 0.1)
  @Dense(in = 53, out = 5) @Activation(Kind.SIGMOID)
  interface OddDoubleSimd { void forward(double[] x, double[] y); }
}
