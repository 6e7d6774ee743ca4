package dev.soma.examples.networks;

import dev.soma.Dense;
import dev.soma.Network;

/**
 * Two layers with no activation between them, on purpose: the processor warns that this is one
 * linear layer in disguise, and the warning is suppressed here because showing it is the point.
 */
@SuppressWarnings("soma")
@Network
@Dense(in = 3, out = 4)
@Dense(in = 4, out = 2)
public interface TwoLinearLayers {
  /** {@code W2 (W1 x + b1) + b2}. */
  double[] apply(double[] x);
}
