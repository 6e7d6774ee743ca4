package dev.soma.processor.generate;

import dev.soma.Storage;
import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import dev.soma.processor.model.QuantizedWeights;
import dev.soma.processor.model.StoredWeights;
import dev.soma.runtime.Init;
import dev.soma.runtime.Quantization;
import java.util.ArrayList;
import java.util.List;

/**
 * Large baked weights as the bytes of a safetensors resource, in the layout {@code NetworkFiles}
 * reads: F32 or F64, BF16 or F16 weights for those storages, and for INT8 the layout {@code
 * Quantization.bakedInt8} reads (I8 weights, F32 {@code .weight_scale} per output): the weight
 * file's own int8 values and scales when it came quantized ({@link StoredWeights#int8}).
 */
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
      if (network.storage() == Storage.INT8) {
        QuantizedWeights int8 = StoredWeights.int8(layer);
        tensors.add(Tensor.ofInt8(prefix + ".weight", weightShape, int8.values()));
        tensors.add(Tensor.ofFloats(prefix + Quantization.SCALE_SUFFIX, biasShape, int8.scales()));
        tensors.add(Tensor.ofFloats(prefix + ".bias", biasShape, Init.floats(bias)));
      } else if (network.storage() != Storage.F32 && !layer.isLayerNorm()) {
        // the weights are already the values this storage keeps: converting them back is exact
        tensors.add(Tensor.ofHalves(prefix + ".weight", weightShape, Init.floats(weights), network.storage() == Storage.BF16));
        tensors.add(Tensor.ofFloats(prefix + ".bias", biasShape, Init.floats(bias)));
      } else if (network.precision() == Precision.FLOAT) {
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
