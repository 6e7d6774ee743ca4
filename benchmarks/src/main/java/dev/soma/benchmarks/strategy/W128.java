package dev.soma.benchmarks.strategy;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Strategy sweep: 1-128(ReLU)-1, 256 multiply-adds. */
@Network
@Dense(in = 1, out = 128) @Activation(Activation.Kind.RELU)
@Dense(in = 128, out = 1)
public interface W128 {
  void forward(float[] x, float[] y);
}
