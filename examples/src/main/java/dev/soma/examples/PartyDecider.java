package dev.soma.examples;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** The lecture's party decision as a two-layer network. */
@Network
@Dense(in = 3, out = 2) @Activation(RELU)
@Dense(in = 2, out = 1) @Activation(SIGMOID)
public interface PartyDecider {
  float attend(float weather, float venue, float company);
}
