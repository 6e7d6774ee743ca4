package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
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
   */
  record Tensors(String file, WeightFormat format, Map<String, Tensor> tensors)
      implements WeightFile {
    /** Keeps the order of {@code tensors}. */
    public Tensors {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
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
