package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N3 with the SIMD backend: 784-512(ReLU)-512(ReLU)-10. */
@Network(simd = true)
@Dense(in = 784, out = 512) @Activation(Activation.Kind.RELU)
@Dense(in = 512, out = 512) @Activation(Activation.Kind.RELU)
@Dense(in = 512, out = 10)
public interface N3WideSimd {
  void forward(float[] x, float[] y);
}
