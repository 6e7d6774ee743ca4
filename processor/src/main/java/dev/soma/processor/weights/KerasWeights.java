package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Dense layers of a Keras HDF5 weight file (what {@code model.save_weights("w.h5")} or
 * {@code model.save("m.h5")} writes in Keras 1 and 2) with jhdf, a pure-Java HDF5 reader.
 *
 * <p>The root (or, for a whole saved model, its group {@code model_weights}) lists the layers in
 * order in its attribute {@code layer_names}; each layer's group lists its weights in {@code
 * weight_names}: {@code dense_1/kernel:0} and {@code dense_1/bias:0} (Keras 2, datasets inside a
 * subgroup of the same name) or {@code dense_1_W:0} and {@code dense_1_b:0} (Keras 1). Both keep
 * the kernel as {@code [in, out]}. A Dense layer {@code dense_1} becomes the tensors {@code
 * dense_1.weight} ({@code [out, in]}, the kernel transposed, as {@link TensorMatcher} expects) and
 * {@code dense_1.bias}, in the file's layer order. Layers without weights (Dropout, Activation,
 * Flatten) are skipped; any other layer with weights is an error naming it.
 */
final class KerasWeights {
  private KerasWeights() {}

  /**
   * The Dense layers' tensors of the Keras HDF5 file {@code content} called {@code file}, in layer
   * order: Keras 1 and 2's layout, with the architecture of a whole saved model's {@code
   * model_config}, or Keras 3's {@code .weights.h5} layout (see {@link Keras3Weights}).
   */
  static WeightFile.Tensors read(byte[] content, String file) throws WeightFileException {
    try (HdfFile hdf = HdfFile.fromBytes(content)) {
      Group legacy = legacyRoot(hdf);
      if (legacy != null) {
        List<String> config = strings(hdf.getAttribute("model_config"));
        List<KerasLayerConfig> architecture =
            config == null || config.size() != 1
                ? List.of()
                : KerasArchitecture.parse(config.get(0), "model_config attribute");
        return new WeightFile.Tensors(
            file, WeightFormat.KERAS_HDF5, KerasNormalization.apply(read(legacy, architecture), architecture), architecture);
      }
      if (at(hdf, Keras3Weights.LAYERS) instanceof Group) {
        return new WeightFile.Tensors(file, WeightFormat.KERAS_HDF5, Keras3Weights.read(hdf, null));
      }
      throw new WeightFileException(Message.KERAS_NO_LAYER_NAMES);
    } catch (RuntimeException e) { // jhdf's HdfException, and buffer errors on damaged files
      throw invalid(e);
    }
  }

  /** The tensors of {@code model.weights.h5} from a {@code .keras} archive, named by {@code architecture}. */
  static Map<String, Tensor> readKeras3(byte[] content, List<KerasLayerConfig> architecture)
      throws WeightFileException {
    try (HdfFile hdf = HdfFile.fromBytes(content)) {
      if (!(at(hdf, Keras3Weights.LAYERS) instanceof Group)) {
        throw new WeightFileException(Message.KERAS_NO_LAYER_NAMES);
      }
      return Keras3Weights.read(hdf, architecture);
    } catch (RuntimeException e) { // jhdf's HdfException, and buffer errors on damaged files
      throw invalid(e);
    }
  }

  private static WeightFileException invalid(RuntimeException e) {
    return new WeightFileException(Message.KERAS_INVALID, String.valueOf(e.getMessage()));
  }

  /** The group listing {@code layer_names} (the root or a whole model's {@code model_weights}), or null. */
  private static Group legacyRoot(HdfFile hdf) {
    if (hdf.getAttribute("layer_names") != null) {
      return hdf;
    }
    if (at(hdf, "model_weights") instanceof Group weights && weights.getAttribute("layer_names") != null) {
      return weights;
    }
    return null;
  }

  private static Map<String, Tensor> read(Group root, List<KerasLayerConfig> architecture)
      throws WeightFileException {
    Map<String, KerasLayerConfig.Norm> norms = new LinkedHashMap<>();
    for (KerasLayerConfig layer : architecture) {
      if (layer.layerNorm() != null) {
        norms.put(layer.name(), layer.layerNorm());
      } else if (layer.batchNorm() != null) {
        norms.put(layer.batchNorm().name(), layer.batchNorm());
      }
    }
    List<String> layerNames = strings(root.getAttribute("layer_names"));
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (String layer : layerNames) {
      if (!(at(root, layer) instanceof Group group)) {
        throw new WeightFileException(Message.KERAS_LAYER_MISSING, layer);
      }
      List<String> weightNames = strings(group.getAttribute("weight_names"));
      if (weightNames == null || weightNames.isEmpty()) {
        continue; // Dropout, Activation, Flatten, InputLayer: nothing to read
      }
      if (norms.containsKey(layer)) {
        readNorm(group, layer, weightNames, tensors);
      } else {
        readDense(group, layer, weightNames, tensors);
      }
    }
    return tensors;
  }

  private static void readDense(
      Group group, String layer, List<String> weightNames, Map<String, Tensor> tensors)
      throws WeightFileException {
    Dataset kernel = null;
    Dataset bias = null;
    List<String> found = new ArrayList<>();
    boolean dense = weightNames.size() <= 2;
    for (String weightName : weightNames) {
      Node node = at(group, weightName);
      if (!(node instanceof Dataset dataset)) {
        throw new WeightFileException(Message.KERAS_WEIGHT_MISSING, layer, weightName);
      }
      found.add(weightName + " " + Arrays.toString(dataset.getDimensions()));
      String role = role(weightName);
      if (role.equals("kernel") && kernel == null && dataset.getDimensions().length == 2) {
        kernel = dataset;
      } else if (role.equals("bias") && bias == null && dataset.getDimensions().length == 1) {
        bias = dataset;
      } else {
        dense = false;
      }
    }
    if (!dense || kernel == null) {
      throw new WeightFileException(Message.KERAS_UNSUPPORTED_LAYER, layer, String.join(", ", found));
    }
    putDense(layer, kernel, bias, found, tensors);
  }

  /**
   * A normalisation layer's weights ({@code gamma:0}, {@code beta:0}, {@code moving_mean:0}, {@code
   * moving_variance:0}), put as {@code <layer>.gamma} and so on for {@link KerasNormalization}.
   */
  private static void readNorm(Group group, String layer, List<String> weightNames, Map<String, Tensor> tensors)
      throws WeightFileException {
    for (String weightName : weightNames) {
      if (!(at(group, weightName) instanceof Dataset dataset)) {
        throw new WeightFileException(Message.KERAS_WEIGHT_MISSING, layer, weightName);
      }
      putVector(layer + "." + role(weightName), dataset, layer, tensors);
    }
  }

  /** Puts the vector {@code dataset} as the tensor {@code name}; a dataset of another rank is put as read, for the shape check after. */
  static void putVector(String name, Dataset dataset, String layer, Map<String, Tensor> tensors)
      throws WeightFileException {
    int[] shape = dataset.getDimensions();
    tensors.put(name, tensor(name, shape, values(dataset, layer), dataset.getJavaType() == double.class));
  }

  /**
   * Puts {@code layer.weight} (the kernel {@code [in, out]} transposed to {@code [out, in]}) and
   * {@code layer.bias} into {@code tensors}; {@code found} lists the layer's weights for the error
   * when the bias does not fit the kernel.
   */
  static void putDense(
      String layer, Dataset kernel, Dataset bias, List<String> found, Map<String, Tensor> tensors)
      throws WeightFileException {
    int in = kernel.getDimensions()[0];
    int out = kernel.getDimensions()[1];
    if (bias != null && bias.getDimensions()[0] != out) {
      throw new WeightFileException(Message.KERAS_UNSUPPORTED_LAYER, layer, String.join(", ", found));
    }
    double[] values = values(kernel, layer);
    double[] transposed = new double[values.length];
    for (int j = 0; j < in; j++) {
      for (int i = 0; i < out; i++) {
        transposed[i * in + j] = values[j * out + i];
      }
    }
    boolean doubles = kernel.getJavaType() == double.class;
    tensors.put(layer + ".weight", tensor(layer + ".weight", new int[] {out, in}, transposed, doubles));
    if (bias != null) {
      tensors.put(
          layer + ".bias",
          tensor(layer + ".bias", new int[] {out}, values(bias, layer), bias.getJavaType() == double.class));
    }
  }

  /**
   * The node at {@code path} below {@code group}, or null: one segment at a time, since jhdf's
   * getByPath fails on a missing path in a file read from memory.
   */
  static Node at(Group group, String path) {
    Node node = group;
    for (String segment : path.split("/")) {
      if (!(node instanceof Group parent)) {
        return null;
      }
      node = parent.getChild(segment);
    }
    return node;
  }

  /** "kernel" or "bias" for the weight names Keras 1 and 2 write; the bare name otherwise. */
  private static String role(String weightName) {
    String name = weightName.substring(weightName.lastIndexOf('/') + 1);
    int colon = name.lastIndexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    if (name.equals("kernel") || name.endsWith("_W") || name.equals("W")) {
      return "kernel";
    }
    if (name.equals("bias") || name.endsWith("_b") || name.equals("b")) {
      return "bias";
    }
    return name;
  }

  private static double[] values(Dataset dataset, String layer) throws WeightFileException {
    Object flat = dataset.getDataFlat();
    if (flat instanceof float[] floats) {
      double[] values = new double[floats.length];
      for (int k = 0; k < floats.length; k++) {
        values[k] = floats[k];
      }
      return values;
    }
    if (flat instanceof double[] doubles) {
      return doubles;
    }
    throw new WeightFileException(
        Message.KERAS_DTYPE, layer, dataset.getPath(), dataset.getJavaType().getSimpleName());
  }

  private static Tensor tensor(String name, int[] shape, double[] values, boolean doubles) {
    if (doubles) {
      return Tensor.ofDoubles(name, shape, values);
    }
    float[] floats = new float[values.length];
    for (int k = 0; k < values.length; k++) {
      floats[k] = (float) values[k]; // exact: the values were floats
    }
    return Tensor.ofFloats(name, shape, floats);
  }

  /** An attribute holding strings (Keras writes them as fixed-length byte strings), or null. */
  static List<String> strings(Attribute attribute) {
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    if (data instanceof String text) {
      return List.of(text);
    }
    if (data instanceof String[] texts) {
      return List.of(texts);
    }
    return List.of(); // an empty list is stored as an empty float array
  }
}
