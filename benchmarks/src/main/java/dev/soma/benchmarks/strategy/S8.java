package dev.soma.benchmarks.strategy;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Strategy sweep: 8-8(ReLU)-8, 128 multiply-adds. */
@Network
@Dense(in = 8, out = 8) @Activation(Activation.Kind.RELU)
@Dense(in = 8, out = 8)
public interface S8 {
  void forward(float[] x, float[] y);
}
