package dev.soma.benchmarks.strategy;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Strategy sweep: 16-16(ReLU)-16, 512 multiply-adds. */
@Network
@Dense(in = 16, out = 16) @Activation(Activation.Kind.RELU)
@Dense(in = 16, out = 16)
public interface S16 {
  void forward(float[] x, float[] y);
}
