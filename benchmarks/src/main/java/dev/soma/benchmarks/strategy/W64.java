package dev.soma.benchmarks.strategy;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Strategy sweep: 1-64(ReLU)-1, 128 multiply-adds. */
@Network
@Dense(in = 1, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 1)
public interface W64 {
  void forward(float[] x, float[] y);
}
