package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a weight file holds: named tensors (safetensors, NumPy) or a whole network (ONNX). */
public sealed interface WeightFile {
  /** The file's name as given to {@link WeightFiles}, used in every message. */
  String file();

  /** The detected format. */
  WeightFormat format();

  /**
   * Named tensors, in file order; match them to declared layers with {@link TensorMatcher}.
   *
   * @param tensors by name; a {@code .npy} file holds one tensor named after the file
   * @param architecture the Dense layers a Keras model config in the file describes, which the
   *     declaration must match; empty when the file carries no config
   */
  record Tensors(
      String file, WeightFormat format, Map<String, Tensor> tensors, List<KerasLayerConfig> architecture)
      implements WeightFile {
    /** Keeps the order of {@code tensors}. */
    public Tensors {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      architecture = List.copyOf(architecture);
    }

    /** Tensors without an architecture. */
    public Tensors(String file, WeightFormat format, Map<String, Tensor> tensors) {
      this(file, format, tensors, List.of());
    }
  }

  /** The dense layers of an ONNX graph. */
  record Network(String file, ImportedNetwork network) implements WeightFile {
    @Override
    public WeightFormat format() {
      return WeightFormat.ONNX;
    }
  }
}
