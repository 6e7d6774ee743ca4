package dev.soma.spark;

import dev.soma.Dense;
import dev.soma.Network;

/** A double-precision 3-2 linear layer with inline weights: (2, 5, 1) gives (3.2, 2.4). */
@Network
@Dense(in = 3, out = 2, weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6}, bias = {0.5, -0.1})
public interface Affine {
  double[] apply(double[] x);
}
