package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N5: eight 64-64(ReLU) layers. */
@Network
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
@Dense(in = 64, out = 64) @Activation(Activation.Kind.RELU)
public interface N5Deep {
  void forward(float[] x, float[] y);
}
