package app;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

@Network
@Dense(in = 3, out = 2) @Activation(RELU)
@Dense(in = 2, out = 1) @Activation(SIGMOID)
public interface PartyDecider {
  float attend(float weather, float venue, float company);
}
