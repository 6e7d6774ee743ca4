package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Activation cost: 256-512(Sigmoid)-10; compare with {@link ARelu} for the same layers. */
@Network
@Dense(in = 256, out = 512) @Activation(Activation.Kind.SIGMOID)
@Dense(in = 512, out = 10)
public interface ASigmoid {
  void forward(float[] x, float[] y);
}
