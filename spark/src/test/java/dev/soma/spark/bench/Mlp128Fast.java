package dev.soma.spark.bench;

import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Network.ActivationMath;

/** {@link Mlp128Simd} with the fast float sigmoid, applied lane-wise (within 2 ulp of the exact one). */
@Network(simd = true, activations = ActivationMath.FAST)
@Dense(in = 784, out = 128, activation = SIGMOID)
@Dense(in = 128, out = 10, activation = SOFTMAX)
public interface Mlp128Fast {
  void probabilities(float[][] images, float[][] probabilities);

  float[] probabilities(float[] image);
}
