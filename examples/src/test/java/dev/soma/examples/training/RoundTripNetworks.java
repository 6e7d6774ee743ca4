package dev.soma.examples.training;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SOFTMAX;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Dense;
import dev.soma.Network;

/** Networks trained, saved and baked again by {@link SaveAndBakeTest}. */
final class RoundTripNetworks {
  private RoundTripNetworks() {}

  /** Small enough to be unrolled, with the baked weights as literals. */
  @Network(trainable = true)
  @Dense(in = 4, out = 8, activation = TANH)
  @Dense(in = 8, out = 3, activation = SOFTMAX)
  interface Small {
    float[] predict(float[] x);
  }

  /** Large enough for loops. */
  @Network(trainable = true)
  @Dense(in = 16, out = 64, activation = RELU)
  @Dense(in = 64, out = 4, activation = SOFTMAX)
  interface Mid {
    float[] predict(float[] x);
  }
}
