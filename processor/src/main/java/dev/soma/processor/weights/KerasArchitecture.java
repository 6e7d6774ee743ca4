package dev.soma.processor.weights;

import dev.soma.Activation.Kind;
import dev.soma.processor.diag.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Dense layers a Keras model config describes, with the activations each applies: the model's
 * {@code config.json} in a Keras 3 {@code .keras} archive, or the {@code model_config} attribute
 * Keras 1 and 2 write into a whole-model {@code .h5}.
 *
 * <p>The config of a {@code Sequential} or {@code Functional} model lists its layers in order
 * (Keras 2.0 and 1 write the list as the config itself). {@code InputLayer}, {@code Flatten} and
 * the layers that are the identity at inference ({@code Dropout}, {@code AlphaDropout}, {@code
 * GaussianDropout}, {@code GaussianNoise}) are skipped; an {@code Activation}, {@code ReLU},
 * {@code LeakyReLU} or {@code Softmax} layer adds its activation to the layer before it. A
 * {@code BatchNormalization} right after a Dense layer's linear part (the Dense without activation)
 * is recorded with it, to be folded into its weights; a {@code LayerNormalization} over the last
 * axis after a layer is a layer of its own. Anything else (a convolution, a BatchNormalization
 * elsewhere, a custom layer) is an error naming the layer.
 */
final class KerasArchitecture {
  private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");
  private static final Set<String> SKIPPED =
      Set.of("InputLayer", "Flatten", "Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise");
  private static final Set<String> ACTIVATION_LAYERS = Set.of("Activation", "ReLU", "LeakyReLU", "Softmax");

  private KerasArchitecture() {}

  /**
   * The Dense layers of the config {@code json} (read from {@code where}, for messages), in order;
   * empty for a config without a model ({@code {}}).
   */
  static List<KerasLayerConfig> parse(String json, String where) throws WeightFileException {
    Object root;
    try {
      root = KerasJson.parse(json);
    } catch (KerasJson.SyntaxError e) {
      throw new WeightFileException(Message.KERAS_CONFIG_INVALID, where, e.getMessage());
    }
    if (!(root instanceof Map<?, ?> model) || model.isEmpty()) {
      return List.of();
    }
    String className = string(model.get("class_name"));
    Object config = model.get("config");
    Object layers = config instanceof Map<?, ?> map ? map.get("layers") : config;
    if (!MODELS.contains(className) || !(layers instanceof List<?> list)) {
      throw new WeightFileException(Message.KERAS_CONFIG_MODEL, where, className == null ? "model" : className);
    }
    List<Building> dense = new ArrayList<>();
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> layer)) {
        throw new WeightFileException(Message.KERAS_CONFIG_MODEL, where, className);
      }
      layer(layer, dense);
    }
    return dense.stream().map(Building::build).toList();
  }

  /** A Dense or LayerNormalization layer while its activations are collected. */
  private static final class Building {
    final String name;
    final int units;
    final KerasLayerConfig.Norm layerNorm;
    KerasLayerConfig.Norm batchNorm;
    final List<ImportedLayer.Applied> activations = new ArrayList<>();

    Building(String name, int units, KerasLayerConfig.Norm layerNorm) {
      this.name = name;
      this.units = units;
      this.layerNorm = layerNorm;
    }

    KerasLayerConfig build() {
      return new KerasLayerConfig(name, units, activations, layerNorm, batchNorm);
    }
  }

  /**
   * Records the BatchNormalization {@code name} with the Dense layer before it, when that layer's
   * linear part is its last computation; otherwise folding would not be exact.
   */
  private static void batchNorm(String name, Map<?, ?> config, List<Building> dense) throws WeightFileException {
    checkLastAxis(name, "BatchNormalization", config);
    Building last = dense.isEmpty() ? null : dense.get(dense.size() - 1);
    String after =
        last == null
            ? "the input"
            : last.layerNorm != null
                ? "LayerNormalization '" + last.name + "'"
                : last.batchNorm != null
                    ? "BatchNormalization '" + last.batchNorm.name() + "'"
                    : !last.activations.isEmpty() ? "the " + last.activations.get(last.activations.size() - 1).kind()
                        + " activation of Dense '" + last.name + "'" : null;
    if (after != null) {
      throw new WeightFileException(Message.KERAS_CONFIG_BATCH_NORM_PLACEMENT, name, after);
    }
    last.batchNorm = norm(name, config);
  }

  /** The epsilon (Keras's default 1e-3), center and scale of a normalisation layer's config. */
  private static KerasLayerConfig.Norm norm(String name, Map<?, ?> config) {
    return new KerasLayerConfig.Norm(
        name,
        number(config.get("epsilon"), 1e-3),
        !Boolean.FALSE.equals(config.get("center")),
        !Boolean.FALSE.equals(config.get("scale")));
  }

  /** Refuses a normalisation over another axis than the features (-1, or 1 of a [batch, features] input). */
  private static void checkLastAxis(String name, String className, Map<?, ?> config) throws WeightFileException {
    Object axis = config.get("axis");
    if (axis instanceof List<?> axes && axes.size() == 1) {
      axis = axes.get(0);
    }
    if (axis != null && !(axis instanceof Double d && (d == -1 || d == 1))) {
      throw new WeightFileException(Message.KERAS_CONFIG_NORMALIZATION_AXIS, name, className, String.valueOf(axis));
    }
  }

  private static void layer(Map<?, ?> layer, List<Building> dense) throws WeightFileException {
    String className = String.valueOf(string(layer.get("class_name")));
    Map<?, ?> config = layer.get("config") instanceof Map<?, ?> map ? map : Map.of();
    String name = String.valueOf(string(config.get("name")));
    String registered = string(layer.get("registered_name"));
    if (registered != null && !registered.equals(className)) {
      throw new WeightFileException(Message.KERAS_CONFIG_CUSTOM_LAYER, name, className, registered);
    }
    if (SKIPPED.contains(className)) {
      return;
    }
    if (className.equals("Dense")) {
      Object units = config.containsKey("units") ? config.get("units") : config.get("output_dim");
      Building building = new Building(name, units instanceof Double d ? d.intValue() : -1, null);
      dense.add(building);
      addActivation(building, name, config.get("activation"));
      return;
    }
    if (className.equals("BatchNormalization")) {
      batchNorm(name, config, dense);
      return;
    }
    if (className.equals("LayerNormalization")) {
      checkLastAxis(name, className, config);
      if (dense.isEmpty() || Boolean.TRUE.equals(config.get("rms_scaling"))) {
        throw new WeightFileException(
            Message.KERAS_CONFIG_LAYER_NORM, name, dense.isEmpty() ? "normalises the input" : "uses rms_scaling");
      }
      dense.add(new Building(name, -1, norm(name, config)));
      return;
    }
    if (ACTIVATION_LAYERS.contains(className) && !dense.isEmpty()) {
      Building last = dense.get(dense.size() - 1);
      switch (className) {
        case "Activation" -> addActivation(last, name, config.get("activation"));
        case "Softmax" -> addActivation(last, name, "softmax");
        case "ReLU" -> {
          if (number(config.get("max_value"), 0) != 0
              || number(config.get("negative_slope"), 0) != 0
              || number(config.get("threshold"), 0) != 0) {
            throw new WeightFileException(Message.KERAS_CONFIG_ACTIVATION, name, "ReLU with a maximum, slope or threshold");
          }
          last.activations.add(new ImportedLayer.Applied(Kind.RELU, 0));
        }
        default -> {
          Object slope = config.containsKey("negative_slope") ? config.get("negative_slope") : config.get("alpha");
          last.activations.add(new ImportedLayer.Applied(Kind.LEAKY_RELU, number(slope, 0.3)));
        }
      }
      return;
    }
    throw new WeightFileException(Message.KERAS_CONFIG_UNSUPPORTED_LAYER, name, className);
  }

  /** Adds the activation Keras names {@code value} (a string, or Keras 3's serialised function). */
  private static void addActivation(Building layer, String name, Object value) throws WeightFileException {
    if (value instanceof Map<?, ?> serialised && serialised.get("config") instanceof String function) {
      value = function;
    }
    if (value == null || value == KerasJson.NULL) {
      return;
    }
    String activation = value instanceof String s ? s : String.valueOf(value instanceof Map<?, ?> m ? m.get("class_name") : value);
    Kind kind =
        switch (activation) {
          case "linear" -> Kind.IDENTITY;
          case "relu" -> Kind.RELU;
          case "sigmoid" -> Kind.SIGMOID;
          case "tanh" -> Kind.TANH;
          case "softmax" -> Kind.SOFTMAX;
          case "swish", "silu" -> Kind.SWISH;
          case "gelu" -> Kind.GELU;
          case "leaky_relu" -> Kind.LEAKY_RELU;
          default -> throw new WeightFileException(Message.KERAS_CONFIG_ACTIVATION, name, activation);
        };
    if (kind != Kind.IDENTITY) {
      // keras.activations.leaky_relu's default slope (Keras 3: negative_slope = 0.2)
      layer.activations.add(new ImportedLayer.Applied(kind, kind == Kind.LEAKY_RELU ? 0.2 : 0));
    }
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  private static double number(Object value, double otherwise) {
    return value instanceof Double d ? d : otherwise;
  }
}
