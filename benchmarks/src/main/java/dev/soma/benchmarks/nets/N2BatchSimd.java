package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N2's 784-128(ReLU)-10, SIMD backend, batched form beside the single-input one. */
@Network(simd = true)
@Dense(in = 784, out = 128) @Activation(Activation.Kind.RELU)
@Dense(in = 128, out = 10)
public interface N2BatchSimd {
  void forward(float[] x, float[] y);

  void forward(float[][] xs, float[][] ys);
}
