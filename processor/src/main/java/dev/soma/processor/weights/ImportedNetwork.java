package dev.soma.processor.weights;

import java.util.List;

/**
 * The dense layers an ONNX graph computes, in order, and the number of inputs the graph takes.
 *
 * @param inputSize the number of input features: the first layer's {@code in}
 * @param layers at least one layer; each layer's {@code in} equals the previous layer's {@code out}
 */
public record ImportedNetwork(int inputSize, List<ImportedLayer> layers) {
  /** Copies {@code layers}. */
  public ImportedNetwork {
    layers = List.copyOf(layers);
  }

  /** The number of outputs: the last layer's {@code out}. */
  public int outputSize() {
    return layers.get(layers.size() - 1).out();
  }
}
