package dev.soma.spark;

import dev.soma.Dense;
import dev.soma.Network;

/** {@link Affine} with only the batched form, so its precision shows in {@code double[][]} alone. */
@Network
@Dense(in = 3, out = 2, weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6}, bias = {0.5, -0.1})
public interface AffineBlocks {
  void applyAll(double[][] xs, double[][] zs);
}
