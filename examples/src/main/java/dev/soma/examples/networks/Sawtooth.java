package dev.soma.examples.networks;

import static dev.soma.Activation.Kind.RELU;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * The tent map {@code T(x) = 2x} for {@code x < 1/2}, {@code 2 - 2x} after, composed with itself
 * six times on {@code [0, 1]}: a sawtooth with 32 teeth (64 linear pieces) from a deep, narrow ReLU
 * network. Each layer of two neurons computes {@code relu(t)} and {@code relu(t - 1/2)} of the
 * previous tent value {@code t = 2 h1 - 4 h2}.
 */
@Network
@Dense(
    in = 1,
    out = 2,
    weights = {1, 1},
    bias = {0, -0.5})
@Activation(RELU)
@Dense(
    in = 2,
    out = 2,
    weights = {2, -4, 2, -4},
    bias = {0, -0.5})
@Activation(RELU)
@Dense(
    in = 2,
    out = 2,
    weights = {2, -4, 2, -4},
    bias = {0, -0.5})
@Activation(RELU)
@Dense(
    in = 2,
    out = 2,
    weights = {2, -4, 2, -4},
    bias = {0, -0.5})
@Activation(RELU)
@Dense(
    in = 2,
    out = 2,
    weights = {2, -4, 2, -4},
    bias = {0, -0.5})
@Activation(RELU)
@Dense(
    in = 2,
    out = 2,
    weights = {2, -4, 2, -4},
    bias = {0, -0.5})
@Activation(RELU)
@Dense(
    in = 2,
    out = 1,
    weights = {2, -4},
    bias = {0})
public interface Sawtooth {
  /** Composition count of the tent map. */
  int FOLDS = 6;

  /** {@code T^6(x)} for {@code x} in {@code [0, 1]}. */
  double at(double x);
}
