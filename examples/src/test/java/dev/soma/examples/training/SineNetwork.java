package dev.soma.examples.training;

import static dev.soma.Activation.Kind.TANH;

import dev.soma.Dense;
import dev.soma.Network;

/** A one-input regression network for {@link RegressionTest}. */
@Network(trainable = true)
@Dense(in = 1, out = 16, activation = TANH)
@Dense(in = 16, out = 1)
interface SineNetwork {
  double y(double x);
}
