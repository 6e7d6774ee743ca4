package dev.soma.examples.networks;

import static dev.soma.Activation.Kind.RELU;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * XOR with one hidden ReLU layer, weights set by hand: {@code h1 = relu(a + b)}, {@code h2 = relu(a
 * + b - 1)}, {@code y = h1 - 2 h2}.
 */
@Network
@Dense(
    in = 2,
    out = 2,
    weights = {1, 1, 1, 1},
    bias = {0, -1})
@Activation(RELU)
@Dense(
    in = 2,
    out = 1,
    weights = {1, -2},
    bias = {0})
public interface XorNet {
  /** {@code a XOR b} for inputs 0 and 1. */
  double xor(double a, double b);
}
