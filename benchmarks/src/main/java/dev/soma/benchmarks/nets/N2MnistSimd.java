package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N2 with the SIMD backend: 784-128(ReLU)-10, weights given at run time. */
@Network(simd = true)
@Dense(in = 784, out = 128) @Activation(Activation.Kind.RELU)
@Dense(in = 128, out = 10)
public interface N2MnistSimd {
  void forward(float[] x, float[] y);
}
