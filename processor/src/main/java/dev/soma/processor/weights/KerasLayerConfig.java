package dev.soma.processor.weights;

import java.util.List;

/**
 * A Dense layer as a Keras model config describes it: its name (the tensors {@code
 * <name>.weight} and {@code <name>.bias}), its units (-1 when the config omits them) and the
 * activations it applies, in order (none for {@code linear}), those of {@code Activation} layers
 * after it included.
 */
public record KerasLayerConfig(String name, int units, List<ImportedLayer.Applied> activations) {
  /** Copies the list. */
  public KerasLayerConfig {
    activations = List.copyOf(activations);
  }
}
