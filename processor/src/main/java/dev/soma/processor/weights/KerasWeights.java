package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
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

  /** The Dense layers' tensors of the Keras HDF5 file {@code content}, in layer order. */
  static Map<String, Tensor> read(byte[] content) throws WeightFileException {
    try (HdfFile hdf = HdfFile.fromBytes(content)) {
      return read(hdf);
    } catch (HdfException | IllegalArgumentException | IllegalStateException e) {
      throw new WeightFileException(Message.KERAS_INVALID, String.valueOf(e.getMessage()));
    }
  }

  private static Map<String, Tensor> read(HdfFile hdf) throws WeightFileException {
    Group root = hdf;
    if (root.getAttribute("layer_names") == null && at(root, "model_weights") instanceof Group weights) {
      root = weights;
    }
    List<String> layerNames = strings(root.getAttribute("layer_names"));
    if (layerNames == null) {
      throw new WeightFileException(Message.KERAS_NO_LAYER_NAMES);
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (String layer : layerNames) {
      if (!(at(root, layer) instanceof Group group)) {
        throw new WeightFileException(Message.KERAS_LAYER_MISSING, layer);
      }
      List<String> weightNames = strings(group.getAttribute("weight_names"));
      if (weightNames == null || weightNames.isEmpty()) {
        continue; // Dropout, Activation, Flatten, InputLayer: nothing to read
      }
      readDense(group, layer, weightNames, tensors);
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
  private static Node at(Group group, String path) {
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
  private static List<String> strings(Attribute attribute) {
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
