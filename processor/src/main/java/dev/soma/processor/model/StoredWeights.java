package dev.soma.processor.model;

import dev.soma.Storage;
import dev.soma.runtime.Init;
import dev.soma.runtime.Quantization;
import java.util.ArrayList;
import java.util.List;

/**
 * The weight values a {@link Storage} keeps of baked weights, computed with the runtime's own {@link
 * Quantization}, so a baked class and one constructed from the same float weights at run time hold
 * the same numbers.
 */
public final class StoredWeights {
  private StoredWeights() {}

  /** The layer's weights rounded to float: the originals every storage starts from. */
  public static double[] original(Layer layer) {
    return doubles(Init.floats(layer.weights().orElseThrow()));
  }

  /** The values {@code storage} keeps of the layer's (known) weights, row-major, as doubles. */
  public static double[] stored(Storage storage, Layer layer) {
    float[] original = Init.floats(layer.weights().orElseThrow());
    return doubles(Quantization.stored(storage, original, layer.out(), layer.in()));
  }

  /** The network with each layer's known weights replaced by the values its storage keeps. */
  public static NetworkModel applied(NetworkModel network) {
    List<Layer> layers = new ArrayList<>();
    for (Layer layer : network.layers()) {
      layers.add(
          new Layer(
              layer.number(),
              layer.in(),
              layer.out(),
              layer.name(),
              layer.activations(),
              stored(network.storage(), layer),
              layer.bias().orElseThrow(),
              layer.origin()));
    }
    return network.withLayers(layers);
  }

  private static double[] doubles(float[] values) {
    double[] doubles = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      doubles[k] = values[k];
    }
    return doubles;
  }
}
