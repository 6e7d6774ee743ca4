package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N4: a wide 1-1024(ReLU)-1 function approximator. */
@Network
@Dense(in = 1, out = 1024) @Activation(Activation.Kind.RELU)
@Dense(in = 1024, out = 1)
public interface N4Approximator {
  void forward(float[] x, float[] y);
}
