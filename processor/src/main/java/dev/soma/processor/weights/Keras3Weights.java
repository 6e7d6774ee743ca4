package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import dev.soma.runtime.NetworkFiles;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Keras 3's weights layout: {@code model.weights.h5} inside a {@code .keras} archive, or a
 * {@code .weights.h5} file from {@code model.save_weights}.
 *
 * <p>Keras 3 ({@code keras/src/saving/saving_lib.py}) stores each layer's variables under {@code
 * layers/<path>/vars/0}, {@code /1}, ..., where {@code <path>} is not the layer's name but its class
 * name in snake case, numbered per class in the model's layer order: the first Dense layer is
 * {@code layers/dense}, the second {@code layers/dense_1}, whatever the layers are called. A Dense
 * layer's {@code vars/0} is its kernel {@code [in, out]}, {@code vars/1} its bias {@code [out]}
 * (absent with {@code use_bias=False}). With the model config, the n-th Dense layer of the config
 * is read from its path and its tensors are named after the layer's name in the config; without
 * one (a bare {@code .weights.h5}), every group under {@code layers} is read in natural order of
 * its path and named after the {@code name} attribute newer Keras versions write on {@code vars},
 * else after its path. A layer with other variables is an error naming it.
 */
final class Keras3Weights {
  /** The group holding the layers' variables. */
  static final String LAYERS = "layers";

  private Keras3Weights() {}

  /**
   * The Dense layers' tensors under {@code root}: those of {@code architecture} (from the model
   * config) in its order, or, when it is null, every layer in the file.
   */
  static Map<String, Tensor> read(Group root, List<KerasLayerConfig> architecture)
      throws WeightFileException {
    Group layers = (Group) KerasWeights.at(root, LAYERS);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    if (architecture != null) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (KerasLayerConfig layer : architecture) {
        if (layer.isLayerNorm()) {
          readNorm(layers, next(counts, "layer_normalization"), layer.layerNorm(), false, tensors);
          continue;
        }
        String path = next(counts, "dense");
        String name = layer.name();
        if (!(KerasWeights.at(layers, path + "/vars") instanceof Group vars)) {
          throw new WeightFileException(Message.KERAS_WEIGHTS_GROUP_MISSING, "Dense layer '" + name + "'", LAYERS + "/" + path + "/vars");
        }
        readDense(vars, name, tensors);
        if (layer.batchNorm() != null) {
          readNorm(layers, next(counts, "batch_normalization"), layer.batchNorm(), true, tensors);
        }
      }
      return KerasNormalization.apply(tensors, architecture);
    }
    List<String> paths = new ArrayList<>(layers.getChildren().keySet());
    paths.sort(NetworkFiles::compareNaturally);
    for (String path : paths) {
      if (KerasWeights.at(layers, path + "/vars") instanceof Group vars && !vars.getChildren().isEmpty()) {
        List<String> recorded = KerasWeights.strings(vars.getAttribute("name"));
        readDense(vars, recorded == null || recorded.size() != 1 ? path : recorded.get(0), tensors);
      }
    }
    return tensors;
  }

  /** Keras 3's path of the next layer of class {@code snake}: {@code dense}, {@code dense_1}, ... */
  private static String next(Map<String, Integer> counts, String snake) {
    int n = counts.merge(snake, 1, Integer::sum) - 1;
    return n == 0 ? snake : snake + "_" + n;
  }

  /**
   * A normalisation layer's {@code vars} at {@code path}, in the order Keras 3 creates them: gamma
   * (if {@code scale}), beta (if {@code center}), then for a BatchNormalization the moving mean and
   * variance; put as {@code <name>.gamma} and so on for {@link KerasNormalization}.
   */
  private static void readNorm(
      Group layers, String path, KerasLayerConfig.Norm norm, boolean batch, Map<String, Tensor> tensors)
      throws WeightFileException {
    if (!(KerasWeights.at(layers, path + "/vars") instanceof Group vars)) {
      throw new WeightFileException(Message.KERAS_WEIGHTS_GROUP_MISSING, (batch ? "BatchNormalization '" : "LayerNormalization '") + norm.name() + "'", LAYERS + "/" + path + "/vars");
    }
    List<String> roles = new ArrayList<>();
    if (norm.scale()) {
      roles.add("gamma");
    }
    if (norm.center()) {
      roles.add("beta");
    }
    if (batch) {
      roles.add("moving_mean");
      roles.add("moving_variance");
    }
    List<String> keys = new ArrayList<>(vars.getChildren().keySet());
    keys.sort(NetworkFiles::compareNaturally);
    List<Dataset> datasets = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      if (vars.getChild(String.valueOf(k)) instanceof Dataset d) {
        datasets.add(d);
      }
    }
    if (datasets.size() != keys.size() || datasets.size() != roles.size()) {
      throw new WeightFileException(
          Message.KERAS_NORMALIZATION_WEIGHTS,
          batch ? "BatchNormalization" : "LayerNormalization",
          norm.name(),
          vars.getPath() + " " + keys,
          String.join(", ", roles));
    }
    for (int k = 0; k < roles.size(); k++) {
      KerasWeights.putVector(norm.name() + "." + roles.get(k), datasets.get(k), norm.name(), tensors);
    }
  }

  /** A layer's {@code vars}: {@code 0} a kernel and {@code 1} a bias, nothing else. */
  private static void readDense(Group vars, String name, Map<String, Tensor> tensors)
      throws WeightFileException {
    List<String> found = new ArrayList<>();
    List<String> keys = new ArrayList<>(vars.getChildren().keySet());
    keys.sort(NetworkFiles::compareNaturally);
    for (String key : keys) {
      Node node = vars.getChild(key);
      found.add(
          vars.getPath() + key + (node instanceof Dataset d ? " " + Arrays.toString(d.getDimensions()) : ""));
    }
    Node kernel = vars.getChild("0");
    Node bias = vars.getChild("1");
    boolean dense =
        kernel instanceof Dataset k
            && k.getDimensions().length == 2
            && (bias == null || (bias instanceof Dataset b && b.getDimensions().length == 1))
            && keys.size() == (bias == null ? 1 : 2);
    if (!dense) {
      throw new WeightFileException(Message.KERAS_UNSUPPORTED_LAYER, name, String.join(", ", found));
    }
    KerasWeights.putDense(name, (Dataset) kernel, (Dataset) bias, found, tensors);
  }
}
