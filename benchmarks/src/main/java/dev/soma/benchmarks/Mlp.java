package dev.soma.benchmarks;

import dev.soma.Activation;

/**
 * A multi-layer perceptron as plain data, shared by every implementation a benchmark compares.
 *
 * @param weights one row-major {@code out x in} array per layer: {@code weights[l][i * in + j]}
 * @param biases one array of length {@code out} per layer
 * @param sizes the input size, then each layer's output size
 * @param activations each layer's activation ({@code IDENTITY} for a linear layer)
 */
public record Mlp(float[][] weights, float[][] biases, int[] sizes, Activation.Kind[] activations) {
  public Mlp {
    if (weights.length != activations.length
        || biases.length != activations.length
        || sizes.length != activations.length + 1) {
      throw new IllegalArgumentException(
          "weights, biases, sizes and activations disagree on the layer count");
    }
    for (int l = 0; l < activations.length; l++) {
      if (weights[l].length != sizes[l] * sizes[l + 1] || biases[l].length != sizes[l + 1]) {
        throw new IllegalArgumentException(
            "layer " + (l + 1) + " has the wrong weight or bias length");
      }
    }
  }

  public int layers() {
    return activations.length;
  }

  public int inputs() {
    return sizes[0];
  }

  public int outputs() {
    return sizes[sizes.length - 1];
  }
}
