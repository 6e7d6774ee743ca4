package dev.soma.examples.networks;

import dev.soma.Dense;
import dev.soma.Network;

/** One linear layer of the shape of {@link TwoLinearLayers}: three inputs, two outputs. */
@Network
@Dense(in = 3, out = 2)
public interface OneLinearLayer {
  /** {@code W x + b}. */
  double[] apply(double[] x);
}
