package dev.soma.benchmarks;

import dev.soma.runtime.Activations;

/**
 * The forward pass a user would write by hand: loops with bounds read at run time, one dot product
 * per neuron over row-major weights, an activation chosen per layer. It applies the same {@link
 * Activations} functions as the generated code, so the comparison isolates the layer code. Not
 * thread-safe: it reuses one buffer per layer.
 */
public final class PlainInterpreter {
  private final Mlp mlp;
  private final float[][] buffers;

  public PlainInterpreter(Mlp mlp) {
    this.mlp = mlp;
    this.buffers = new float[mlp.layers()][];
    for (int l = 0; l < mlp.layers(); l++) {
      buffers[l] = new float[mlp.sizes()[l + 1]];
    }
  }

  /** Runs the network on {@code x} and copies the outputs into {@code y}. */
  public void forward(float[] x, float[] y) {
    float[] input = x;
    for (int l = 0; l < mlp.layers(); l++) {
      float[] w = mlp.weights()[l];
      float[] b = mlp.biases()[l];
      float[] output = buffers[l];
      int in = mlp.sizes()[l];
      int out = mlp.sizes()[l + 1];
      for (int i = 0; i < out; i++) {
        float sum = b[i];
        int row = i * in;
        for (int j = 0; j < in; j++) {
          sum += w[row + j] * input[j];
        }
        output[i] = activate(mlp.activations()[l], sum);
      }
      input = output;
    }
    System.arraycopy(input, 0, y, 0, mlp.outputs());
  }

  private static float activate(dev.soma.Activation.Kind kind, float z) {
    switch (kind) {
      case IDENTITY:
        return z;
      case RELU:
        return Activations.relu(z);
      case SIGMOID:
        return Activations.sigmoid(z);
      case TANH:
        return Activations.tanh(z);
      case GELU:
        return Activations.gelu(z);
      default:
        throw new IllegalArgumentException("the benchmarks do not use " + kind);
    }
  }
}
