package dev.soma.processor.weights;

import java.util.List;

/**
 * A layer as a Keras model config describes it: a Dense layer (the tensors {@code <name>.weight}
 * and {@code <name>.bias}), possibly with a {@code BatchNormalization} right after its linear part
 * that {@link KerasNormalization} folds into them, or a {@code LayerNormalization} (the tensors
 * {@code <name>.weight}, gamma, and {@code <name>.bias}, beta). {@code units} is -1 when the config
 * omits them (and for a LayerNormalization); {@code activations} are applied in order (none for
 * {@code linear}), those of {@code Activation} layers after it included.
 *
 * @param layerNorm this LayerNormalization's parameters; null for a Dense layer
 * @param batchNorm the BatchNormalization folded into this Dense layer; null for none
 */
public record KerasLayerConfig(
    String name, int units, List<ImportedLayer.Applied> activations, Norm layerNorm, Norm batchNorm) {
  /** Copies the list. */
  public KerasLayerConfig {
    activations = List.copyOf(activations);
  }

  /** A Dense layer without a BatchNormalization. */
  public KerasLayerConfig(String name, int units, List<ImportedLayer.Applied> activations) {
    this(name, units, activations, null, null);
  }

  /** Whether this is a LayerNormalization rather than a Dense layer. */
  public boolean isLayerNorm() {
    return layerNorm != null;
  }

  /**
   * A normalisation layer's name, {@code epsilon} and whether it has a learned shift ({@code
   * center}, beta) and scale ({@code scale}, gamma).
   */
  public record Norm(String name, double epsilon, boolean center, boolean scale) {}
}
