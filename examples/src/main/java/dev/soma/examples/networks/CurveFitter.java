package dev.soma.examples.networks;

import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** A small regression MLP: one input, eight tanh neurons, one linear output (25 parameters). */
@Network
@Dense(in = 1, out = 8)
@Activation(TANH)
@Dense(in = 8, out = 1)
public interface CurveFitter {
  /** The fitted curve at {@code x[0]}. */
  double[] apply(double[] x);
}
