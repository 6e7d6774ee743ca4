package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N2's 784-128(ReLU)-10 with the batched form next to the single-input one. */
@Network
@Dense(in = 784, out = 128) @Activation(Activation.Kind.RELU)
@Dense(in = 128, out = 10)
public interface N2Batch {
  void forward(float[] x, float[] y);

  void forward(float[][] xs, float[][] ys);
}
