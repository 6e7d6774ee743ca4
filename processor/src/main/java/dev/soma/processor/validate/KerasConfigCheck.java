package dev.soma.processor.validate;

import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Report;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.read.NetworkDeclaration;
import dev.soma.processor.weights.KerasLayerConfig;
import dev.soma.processor.weights.TensorMatcher;
import dev.soma.processor.weights.WeightFile;
import java.util.List;

/**
 * Checks the declared layers against the architecture a Keras file carries (a {@code .keras}
 * archive's {@code config.json}, a whole-model {@code .h5}'s {@code model_config}): each layer must
 * apply the activations of the Keras Dense layer whose weights it took, so a forgotten
 * {@code @Activation} is a compile error rather than wrong outputs. Sizes are checked by the
 * tensors' shapes already.
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
              Message.KERAS_CONFIG_MISMATCH,
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
}
