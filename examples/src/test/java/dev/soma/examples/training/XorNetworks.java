package dev.soma.examples.training;

import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Dense;
import dev.soma.Network;

/** The lecture's XOR: a hidden layer of two neurons can learn it, one linear layer cannot. */
final class XorNetworks {
  private XorNetworks() {}

  @Network(trainable = true)
  @Dense(in = 2, out = 2, activation = TANH)
  @Dense(in = 2, out = 1, activation = SIGMOID)
  interface TwoTwoOne {
    float xor(float a, float b);
  }

  @Network(trainable = true)
  @Dense(in = 2, out = 1, activation = SIGMOID)
  interface Linear {
    float xor(float a, float b);
  }
}
