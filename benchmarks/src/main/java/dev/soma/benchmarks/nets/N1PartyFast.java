package dev.soma.benchmarks.nets;

import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Network.ActivationMath;

/** N1 with {@code activations = FAST}: the same weights, the sigmoid from FastActivations. */
@Network(activations = ActivationMath.FAST)
@Dense(
    in = 3,
    out = 2,
    activation = dev.soma.Activation.Kind.RELU,
    weights = {0.6, -0.4, 0.9, -0.3, 0.8, 0.5},
    bias = {0.1, -0.2})
@Dense(
    in = 2,
    out = 1,
    activation = dev.soma.Activation.Kind.SIGMOID,
    weights = {1.2, -0.7},
    bias = {0.05})
public interface N1PartyFast {
  float attend(float weather, float venue, float company);
}
