package app;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** A classifier large enough for the loop form, every array form in float. */
@Network
@Dense(in = 64, out = 32) @Activation(RELU)
@Dense(in = 32, out = 10) @Activation(SOFTMAX)
public interface Digits {
  float[] probabilities(float[] pixels);

  void probabilities(float[] pixels, float[] out);

  int digit(float[] pixels);
}
