package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Network.ActivationMath;

/** Activation-heavy 784-512(Tanh)-512(Tanh)-10, SIMD backend with the fast float activations. */
@Network(simd = true, activations = ActivationMath.FAST)
@Dense(in = 784, out = 512) @Activation(Activation.Kind.TANH)
@Dense(in = 512, out = 512) @Activation(Activation.Kind.TANH)
@Dense(in = 512, out = 10)
public interface SmoothTanhSimd {
  void forward(float[] x, float[] y);
}
