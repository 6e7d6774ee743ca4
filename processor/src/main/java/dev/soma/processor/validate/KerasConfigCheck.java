package dev.soma.processor.validate;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Report;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.read.NetworkDeclaration;
import dev.soma.processor.weights.KerasLayerConfig;
import dev.soma.processor.weights.TensorMatcher;
import dev.soma.processor.weights.WeightFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the declared layers against the architecture a Keras file carries (a {@code .keras}
 * archive's {@code config.json}, a whole-model {@code .h5}'s {@code model_config}): each layer must
 * apply the activations of the Keras Dense layer whose weights it took, so a forgotten
 * {@code @Activation} is a compile error rather than wrong outputs. Sizes are checked by the
 * tensors' shapes already. With no {@code @Dense} declared, the architecture defines the network,
 * as an ONNX graph does.
 */
final class KerasConfigCheck {
  private KerasConfigCheck() {}

  /** Whether every layer matches; reports the first that does not. */
  static boolean matches(
      NetworkDeclaration declaration, List<Layer> layers, WeightFile.Tensors file, TensorMatcher.Result result, Report report) {
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String tensor = result.layers().get(i).weightTensor();
      String name = tensor.endsWith(".weight") ? tensor.substring(0, tensor.length() - ".weight".length()) : tensor;
      for (KerasLayerConfig keras : file.architecture()) {
        if (!keras.name().equals(name)) {
          continue;
        }
        List<ActivationFunction> expected =
            keras.activations().stream().map(a -> new ActivationFunction(a.kind(), a.alpha())).toList();
        boolean units = keras.units() < 0 || keras.units() == layer.out();
        if (!units || !WeightBinding.sameActivations(layer.activations(), expected)) {
          report.add(
              declaration.weightsPosition(),
              Message.CONFIG_LAYER_MISMATCH,
              layer.number(),
              layer.out(),
              WeightBinding.describe(layer.activations()),
              keras.name(),
              file.file(),
              keras.units(),
              WeightBinding.describe(expected));
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The layers {@code file}'s architecture defines, with their weights, for a network that declares
   * none; empty when a Dense layer's weights are missing or do not chain (then the declaration is
   * reported as having no layers).
   */
  static List<Layer> layers(WeightFile.Tensors file) {
    List<Layer> layers = new ArrayList<>();
    for (KerasLayerConfig keras : file.architecture()) {
      Tensor weight = file.tensors().get(keras.name() + ".weight");
      Tensor bias = file.tensors().get(keras.name() + ".bias");
      if (weight == null || weight.shape().length != 2) {
        return List.of();
      }
      int out = weight.shape()[0];
      int in = weight.shape()[1];
      if (!layers.isEmpty() && layers.get(layers.size() - 1).out() != in) {
        return List.of();
      }
      int number = layers.size() + 1;
      layers.add(
          new Layer(
              number,
              in,
              out,
              "",
              keras.activations().stream().map(a -> new ActivationFunction(a.kind(), a.alpha())).toList(),
              weight.toDoubleArray(),
              bias == null ? new double[out] : bias.toDoubleArray(),
              "layer " + number + " (Keras layer '" + keras.name() + "')"));
    }
    return layers;
  }
}
