package app;

import static dev.soma.Activation.Kind.RELU;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Written wrong on purpose: the build must fail with Soma's messages on these lines. */
@Network
@Dense(in = 3, out = 2) @Activation(RELU)
@Dense(in = 4, out = 1)
public interface Broken {
  float decide(float a, float b);
}
