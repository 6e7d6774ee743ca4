package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N3's 784-512(ReLU)-512(ReLU)-10 with the batched form beside the single-input one. */
@Network
@Dense(in = 784, out = 512) @Activation(Activation.Kind.RELU)
@Dense(in = 512, out = 512) @Activation(Activation.Kind.RELU)
@Dense(in = 512, out = 10)
public interface N3Batch {
  void forward(float[] x, float[] y);

  void forward(float[][] xs, float[][] ys);
}
