package dev.soma.spark.bench;

import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Dense;
import dev.soma.Network;

/**
 * {@link Mlp128} with the Vector API: its batched form runs the register-blocked SIMD kernel
 * (fused multiply-adds, so within the dot-product bound of the plain form, not bit for bit).
 */
@Network(simd = true)
@Dense(in = 784, out = 128, activation = SIGMOID)
@Dense(in = 128, out = 10, activation = SOFTMAX)
public interface Mlp128Simd {
  void probabilities(float[][] images, float[][] probabilities);

  float[] probabilities(float[] image);
}
