package dev.soma.processor.generate;

import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import dev.soma.runtime.Init;
import java.util.ArrayList;
import java.util.List;

/** Large baked weights as the bytes of a safetensors resource, in the layout {@code NetworkFiles} reads. */
final class BakedResource {
  private BakedResource() {}

  static byte[] bytes(NetworkModel network) {
    List<Tensor> tensors = new ArrayList<>();
    for (Layer layer : network.layers()) {
      String prefix = layer.name().isEmpty() ? Integer.toString(layer.number() - 1) : layer.name();
      double[] weights = layer.weights().orElseThrow();
      double[] bias = layer.bias().orElseThrow();
      int[] weightShape = layer.isLayerNorm() ? new int[] {layer.out()} : new int[] {layer.out(), layer.in()};
      int[] biasShape = {layer.out()};
      if (network.precision() == Precision.FLOAT) {
        tensors.add(Tensor.ofFloats(prefix + ".weight", weightShape, Init.floats(weights)));
        tensors.add(Tensor.ofFloats(prefix + ".bias", biasShape, Init.floats(bias)));
      } else {
        tensors.add(Tensor.ofDoubles(prefix + ".weight", weightShape, weights));
        tensors.add(Tensor.ofDoubles(prefix + ".bias", biasShape, bias));
      }
    }
    return SafeTensors.of(tensors).toBytes();
  }
}
