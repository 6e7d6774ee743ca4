package dev.soma.examples.networks;

import static dev.soma.Activation.Kind.RELU;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * A network that learns XOR: two inputs, eight ReLU neurons, one linear output; weights at run
 * time.
 */
@Network
@Dense(in = 2, out = 8)
@Activation(RELU)
@Dense(in = 8, out = 1)
public interface XorLearner {
  /** The network's output for inputs {@code (a, b)}. */
  double[] apply(double[] x);
}
