package dev.soma.benchmarks.strategy;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Strategy sweep: 4-4(ReLU)-4, 32 multiply-adds. */
@Network
@Dense(in = 4, out = 4) @Activation(Activation.Kind.RELU)
@Dense(in = 4, out = 4)
public interface S4 {
  void forward(float[] x, float[] y);
}
