package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Network.ActivationMath;

/** Activation-heavy 784-512(Gelu)-512(Gelu)-10, SIMD backend with the fast float activations. */
@Network(simd = true, activations = ActivationMath.FAST)
@Dense(in = 784, out = 512) @Activation(Activation.Kind.GELU)
@Dense(in = 512, out = 512) @Activation(Activation.Kind.GELU)
@Dense(in = 512, out = 10)
public interface SmoothGeluSimd {
  void forward(float[] x, float[] y);
}
