package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the normalisation layers' variables a Keras reader found ({@code <name>.gamma}, {@code
 * .beta}, {@code .moving_mean}, {@code .moving_variance}) into what {@link TensorMatcher} takes: a
 * {@code BatchNormalization} after a Dense layer's linear part is folded into that layer's {@code
 * <dense>.weight} and {@code <dense>.bias} exactly as the ONNX import folds one ({@link
 * PendingLayer#foldBatchNorm}, in double precision), and a {@code LayerNormalization} becomes
 * {@code <name>.weight} (gamma) and {@code <name>.bias} (beta), a {@code @LayerNorm}'s tensors.
 * Without {@code center} (beta) or {@code scale} (gamma) the missing parameter is 0 or 1.
 */
final class KerasNormalization {
  private KerasNormalization() {}

  /** The tensors of {@code raw} with the normalisation layers of {@code architecture} applied. */
  static Map<String, Tensor> apply(Map<String, Tensor> raw, List<KerasLayerConfig> architecture)
      throws WeightFileException {
    Map<String, Tensor> tensors = new LinkedHashMap<>(raw);
    int features = -1;
    for (KerasLayerConfig layer : architecture) {
      if (layer.isLayerNorm()) {
        KerasLayerConfig.Norm norm = layer.layerNorm();
        double[][] parameters = parameters(tensors, norm, features, "LayerNormalization", "gamma", "beta");
        tensors.put(norm.name() + ".weight", Tensor.ofDoubles(norm.name() + ".weight", new int[] {features}, parameters[0]));
        tensors.put(norm.name() + ".bias", Tensor.ofDoubles(norm.name() + ".bias", new int[] {features}, parameters[1]));
        continue;
      }
      Tensor weight = tensors.get(layer.name() + ".weight");
      if (weight == null || weight.shape().length != 2) {
        return tensors; // reported when the layers are matched
      }
      int out = weight.shape()[0];
      int in = weight.shape()[1];
      features = out;
      KerasLayerConfig.Norm norm = layer.batchNorm();
      if (norm == null) {
        continue;
      }
      double[][] p =
          parameters(tensors, norm, out, "BatchNormalization", "gamma", "beta", "moving_mean", "moving_variance");
      Tensor bias = tensors.get(layer.name() + ".bias");
      PendingLayer pending =
          new PendingLayer(
              "Keras layer '" + layer.name() + "'", in, out, weight.toDoubleArray(),
              bias == null ? new double[out] : bias.toDoubleArray());
      pending.foldBatchNorm(norm.epsilon(), p[0], p[1], p[2], p[3]);
      ImportedLayer folded = pending.finish();
      tensors.put(layer.name() + ".weight", Tensor.ofDoubles(layer.name() + ".weight", new int[] {out, in}, folded.weights()));
      tensors.put(layer.name() + ".bias", Tensor.ofDoubles(layer.name() + ".bias", new int[] {out}, folded.bias()));
    }
    return tensors;
  }

  /**
   * The vectors {@code roles} of the normalisation {@code norm} over {@code features} values, taken
   * out of {@code tensors}; gamma 1 without {@code scale}, beta 0 without {@code center}.
   */
  private static double[][] parameters(
      Map<String, Tensor> tensors, KerasLayerConfig.Norm norm, int features, String className, String... roles)
      throws WeightFileException {
    double[][] values = new double[roles.length][];
    StringBuilder found = new StringBuilder();
    boolean fits = features > 0;
    for (int k = 0; k < roles.length; k++) {
      Tensor tensor = tensors.remove(norm.name() + "." + roles[k]);
      boolean absent =
          (roles[k].equals("gamma") && !norm.scale()) || (roles[k].equals("beta") && !norm.center());
      if (tensor == null) {
        fits &= absent;
        values[k] = new double[Math.max(features, 0)];
        if (roles[k].equals("gamma")) {
          Arrays.fill(values[k], 1);
        }
        continue;
      }
      found.append(found.isEmpty() ? "" : ", ").append(roles[k]).append(' ').append(Arrays.toString(tensor.shape()));
      fits &= tensor.shape().length == 1 && tensor.shape()[0] == features;
      values[k] = tensor.toDoubleArray();
    }
    if (!fits) {
      throw new WeightFileException(
          Message.KERAS_NORMALIZATION_WEIGHTS, className, norm.name(), "[" + found + "]", String.join(", ", roles));
    }
    return values;
  }
}
