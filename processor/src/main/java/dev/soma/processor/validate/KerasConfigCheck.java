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
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String tensor = result.layers().get(i).weightTensor();
      String name = tensor.endsWith(".weight") ? tensor.substring(0, tensor.length() - ".weight".length()) : tensor;
      taken.add(name);
      for (KerasLayerConfig keras : file.architecture()) {
        if (!keras.name().equals(name)) {
          continue;
        }
        List<ActivationFunction> expected = activations(keras);
        if (layer.isLayerNorm() || keras.isLayerNorm()) {
          if (layer.isLayerNorm()
              && keras.isLayerNorm()
              && (float) layer.epsilon() == (float) keras.layerNorm().epsilon()
              && WeightBinding.sameActivations(layer.activations(), expected)) {
            continue;
          }
          report.add(
              declaration.weightsPosition(),
              Message.CONFIG_LAYER_NORM_MISMATCH,
              layer.number(),
              (layer.isLayerNorm() ? "@LayerNorm(epsilon = " + layer.epsilon() + ")" : "@Dense(out = " + layer.out() + ")")
                  + " with " + WeightBinding.describe(layer.activations()),
              keras.name(),
              file.file(),
              (keras.isLayerNorm()
                      ? "a LayerNormalization with epsilon = " + keras.layerNorm().epsilon()
                      : "a Dense layer of " + keras.units() + " units")
                  + " with " + WeightBinding.describe(expected));
          return false;
        }
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
    for (KerasLayerConfig keras : file.architecture()) {
      if (keras.isLayerNorm() && !taken.contains(keras.name())) {
        report.add(
            declaration.weightsPosition(),
            Message.CONFIG_LAYER_NORM_UNDECLARED,
            file.file(),
            keras.name(),
            keras.layerNorm().epsilon(),
            keras.name());
        return false;
      }
    }
    return true;
  }

  private static List<ActivationFunction> activations(KerasLayerConfig keras) {
    return keras.activations().stream().map(a -> new ActivationFunction(a.kind(), a.alpha())).toList();
  }

  /**
   * The layers {@code file}'s architecture defines, with their weights, for a network that declares
   * none; empty when a Dense layer's weights are missing or do not chain (then the declaration is
   * reported as having no layers).
   */
  static List<Layer> layers(WeightFile.Tensors file) {
    List<Layer> layers = new ArrayList<>();
    for (KerasLayerConfig keras : file.architecture()) {
      int number = layers.size() + 1;
      if (keras.isLayerNorm()) {
        Tensor gamma = file.tensors().get(keras.name() + ".weight");
        Tensor beta = file.tensors().get(keras.name() + ".bias");
        if (layers.isEmpty() || gamma == null || beta == null) {
          return List.of();
        }
        layers.add(
            Layer.layerNorm(
                number,
                layers.get(layers.size() - 1).out(),
                "",
                activations(keras),
                gamma.toDoubleArray(),
                beta.toDoubleArray(),
                keras.layerNorm().epsilon(),
                "layer " + number + " (Keras layer '" + keras.name() + "')"));
        continue;
      }
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
      layers.add(
          new Layer(
              number,
              in,
              out,
              "",
              activations(keras),
              weight.toDoubleArray(),
              bias == null ? new double[out] : bias.toDoubleArray(),
              "layer " + number + " (Keras layer '" + keras.name() + "')"));
    }
    return layers;
  }
}
