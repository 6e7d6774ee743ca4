package dev.soma.benchmarks.strategy;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Strategy sweep: 1-256(ReLU)-1, 512 multiply-adds. */
@Network
@Dense(in = 1, out = 256) @Activation(Activation.Kind.RELU)
@Dense(in = 256, out = 1)
public interface W256 {
  void forward(float[] x, float[] y);
}
