package dev.soma.processor.weights;

import dev.soma.processor.diag.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers (dense, and LayerNorm from {@code LayerNormalization} or its written-out form) an ONNX
 * graph computes, in order, and the number of inputs the graph takes.
 *
 * @param inputSize the number of input features: the first layer's {@code in}
 * @param layers at least one layer; each layer's {@code in} equals the previous layer's {@code out}
 * @param foldings notes on the constant arithmetic folded into the layers, their arguments after
 *     the file's name
 */
public record ImportedNetwork(int inputSize, List<ImportedLayer> layers, List<Problem> foldings) {
  /** Copies the lists. */
  public ImportedNetwork {
    layers = List.copyOf(layers);
    foldings = List.copyOf(foldings);
  }

  /** The notes on foldings, about {@code file}. */
  public List<Problem> foldingNotes(String file) {
    List<Problem> notes = new ArrayList<>();
    for (Problem folding : foldings) {
      List<Object> args = new ArrayList<>(folding.args());
      args.add(0, file);
      notes.add(new Problem(folding.message(), args));
    }
    return notes;
  }

  /** The number of outputs: the last layer's {@code out}. */
  public int outputSize() {
    return layers.get(layers.size() - 1).out();
  }
}
