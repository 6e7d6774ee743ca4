package dev.soma.examples.networks;

import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * The smallest interesting MLP: one input, three tanh neurons, one linear output (10 parameters),
 * small enough to find its critical points with Newton-type steps on a full Hessian.
 */
@Network
@Dense(in = 1, out = 3)
@Activation(TANH)
@Dense(in = 3, out = 1)
public interface TinyFitter {
  /** The fitted curve at {@code x[0]}. */
  double[] apply(double[] x);
}
