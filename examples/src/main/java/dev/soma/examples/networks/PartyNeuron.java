package dev.soma.examples.networks;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * One sigmoid neuron deciding whether to go to a party. The weights (how much each input matters)
 * and the bias (how eager one is anyway) are given at run time.
 */
@Network
@Dense(in = 3, out = 1)
@Activation(Activation.Kind.SIGMOID)
public interface PartyNeuron {
  /** The probability of going, each input 0 (bad) or 1 (good). */
  double attend(double weather, double venue, double company);
}
