package dev.soma.processor.model;

import dev.soma.Storage;
import dev.soma.runtime.Init;
import dev.soma.runtime.Quantization;
import java.util.ArrayList;
import java.util.List;

/**
 * The weight values a {@link Storage} keeps of baked weights, computed with the runtime's own {@link
 * Quantization}, so a baked class and one constructed from the same float weights at run time hold
 * the same numbers. INT8 takes weights that came quantized from the weight file as they are ({@link
 * Layer#quantized()}): their int8 values and scales, never a second quantization of the dequantized
 * floats.
 */
public final class StoredWeights {
  private StoredWeights() {}

  /** The layer's weights rounded to float: the originals every storage starts from. */
  public static double[] original(Layer layer) {
    return doubles(Init.floats(layer.weights().orElseThrow()));
  }

  /** The values {@code storage} keeps of the layer's (known) weights, row-major, as doubles. */
  public static double[] stored(Storage storage, Layer layer) {
    if (layer.isLayerNorm()) {
      // gamma, like every bias, stays float whatever the storage
      return original(layer);
    }
    if (storage == Storage.INT8 && imported(layer)) {
      return doubles(layer.quantized().orElseThrow().dequantized(layer.in()));
    }
    float[] original = Init.floats(layer.weights().orElseThrow());
    return doubles(Quantization.stored(storage, original, layer.out(), layer.in()));
  }

  /** Whether INT8 storage takes the layer's weights as the weight file quantized them. */
  public static boolean imported(Layer layer) {
    return layer.quantized().map(QuantizedWeights::int8).orElse(false);
  }

  /** The layer's INT8 weights, row-major, and their scales: as imported, or quantized here. */
  public static QuantizedWeights int8(Layer layer) {
    if (imported(layer)) {
      return layer.quantized().orElseThrow();
    }
    float[] floats = Init.floats(layer.weights().orElseThrow());
    float[] scales = Quantization.int8Scales(floats, layer.out(), layer.in());
    byte[] values = Quantization.int8(floats, layer.out(), layer.in(), scales);
    return new QuantizedWeights("", "quantized by Soma", values, scales);
  }

  /** The network with each layer's known weights replaced by the values its storage keeps. */
  public static NetworkModel applied(NetworkModel network) {
    List<Layer> layers = new ArrayList<>();
    for (Layer layer : network.layers()) {
      if (layer.isLayerNorm()) {
        layers.add(layer);
        continue;
      }
      layers.add(
          new Layer(
              layer.number(),
              layer.in(),
              layer.out(),
              layer.name(),
              layer.activations(),
              stored(network.storage(), layer),
              layer.bias().orElseThrow(),
              layer.origin())
              .withQuantized(layer.quantized().orElse(null)));
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
