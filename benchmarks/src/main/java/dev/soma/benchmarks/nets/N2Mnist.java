package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** N2: an MNIST-sized 784-128(ReLU)-10 classifier, weights given at run time. */
@Network
@Dense(in = 784, out = 128) @Activation(Activation.Kind.RELU)
@Dense(in = 128, out = 10)
public interface N2Mnist {
  void forward(float[] x, float[] y);
}
