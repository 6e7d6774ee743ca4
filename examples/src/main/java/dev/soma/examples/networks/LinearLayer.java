package dev.soma.examples.networks;

import dev.soma.Dense;
import dev.soma.Network;

/**
 * The lecture's worked example: three inputs, two neurons, weights {@code [[0.1, 0.4, 0.5], [0.2,
 * 0.3, 0.6]]} (row-major, one row per neuron) and biases {@code (0.5, -0.1)}; known at compile
 * time.
 */
@Network
@Dense(
    in = 3,
    out = 2,
    weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6},
    bias = {0.5, -0.1})
public interface LinearLayer {
  /** {@code z = W x + b}. */
  double[] apply(double[] x);
}
