package dev.soma.examples.training;

import static dev.soma.Activation.Kind.GELU;
import static dev.soma.Activation.Kind.GELU_TANH;
import static dev.soma.Activation.Kind.LEAKY_RELU;
import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.SOFTMAX;
import static dev.soma.Activation.Kind.SWISH;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * One network through every trainable activation, in float and in double, for {@link
 * FloatTrainerTest}.
 */
final class AllKindsNetworks {
  private AllKindsNetworks() {}

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = SIGMOID)
  @Dense(in = 4, out = 4, activation = TANH)
  @Dense(in = 4, out = 4, activation = RELU)
  @Dense(in = 4, out = 4)
  @Activation(value = LEAKY_RELU, alpha = 0.2)
  @Dense(in = 4, out = 4, activation = SWISH)
  @Dense(in = 4, out = 4, activation = GELU)
  @Dense(in = 4, out = 4, activation = GELU_TANH)
  @Dense(in = 4, out = 3, activation = SOFTMAX)
  interface InFloat {
    float[] predict(float[] x);
  }

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = SIGMOID)
  @Dense(in = 4, out = 4, activation = TANH)
  @Dense(in = 4, out = 4, activation = RELU)
  @Dense(in = 4, out = 4)
  @Activation(value = LEAKY_RELU, alpha = 0.2)
  @Dense(in = 4, out = 4, activation = SWISH)
  @Dense(in = 4, out = 4, activation = GELU)
  @Dense(in = 4, out = 4, activation = GELU_TANH)
  @Dense(in = 4, out = 3, activation = SOFTMAX)
  interface InDouble {
    double[] predict(double[] x);
  }
}
