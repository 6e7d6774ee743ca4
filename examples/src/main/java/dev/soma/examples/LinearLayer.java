package dev.soma.examples;

import dev.soma.Dense;
import dev.soma.Network;

/** The lecture's worked example of a linear layer. */
@Network
@Dense(in = 3, out = 2, weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6}, bias = {0.5, -0.1})
public interface LinearLayer {
  double[] apply(double[] x);
}
