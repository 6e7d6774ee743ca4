package dev.soma.examples.networks;

import dev.soma.Dense;
import dev.soma.Network;

/** Linear regression {@code y = w x + b} as a one-neuron linear network; weights at run time. */
@Network
@Dense(in = 1, out = 1)
public interface LineFit {
  /** {@code (w x + b)}. */
  double[] apply(double[] x);
}
