package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Activation cost: 256-512(Relu)-10. */
@Network
@Dense(in = 256, out = 512) @Activation(Activation.Kind.RELU)
@Dense(in = 512, out = 10)
public interface ARelu {
  void forward(float[] x, float[] y);
}
