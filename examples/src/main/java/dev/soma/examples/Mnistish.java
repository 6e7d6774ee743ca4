package dev.soma.examples;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** A mid-size classifier. */
@Network
@Dense(in = 784, out = 128)
@Activation(RELU)
@Dense(in = 128, out = 10)
@Activation(SOFTMAX)
public interface Mnistish {
  float[] probabilities(float[] image);

  void probabilities(float[] image, float[] out);

  int classify(float[] image);
}
