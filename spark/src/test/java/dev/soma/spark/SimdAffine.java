package dev.soma.spark;

import dev.soma.Dense;
import dev.soma.Network;

/**
 * One affine layer 784 -> 16 with the Vector API and run-time weights: its batched form runs the SIMD
 * kernel, whose error bound for one layer without activation is simple to state.
 */
@Network(simd = true)
@Dense(in = 784, out = 16)
public interface SimdAffine {
  void outputs(float[][] xs, float[][] ys);

  float[] outputs(float[] x);
}
