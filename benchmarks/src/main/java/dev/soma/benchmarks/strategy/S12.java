package dev.soma.benchmarks.strategy;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Strategy sweep: 12-12(ReLU)-12, 288 multiply-adds. */
@Network
@Dense(in = 12, out = 12) @Activation(Activation.Kind.RELU)
@Dense(in = 12, out = 12)
public interface S12 {
  void forward(float[] x, float[] y);
}
