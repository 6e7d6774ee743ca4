package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Problem;
import dev.soma.processor.model.QuantizedWeights;
import dev.soma.runtime.NetworkFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assigns the tensors of a weight file to declared dense layers.
 *
 * <p>A {@code @LayerNorm} takes {@code name.weight} (gamma) and {@code name.bias} (beta), both of
 * shape {@code [out]}; when the declaration has one, rank-1 {@code <prefix>.weight} vectors count
 * among the unnamed layers' tensors too.
 *
 * <p>A layer with a name takes {@code name.weight} (shape {@code [out, in]}, PyTorch {@code
 * nn.Linear}'s layout) and {@code name.bias} ({@code [out]}). Layers without a name take, in
 * declaration order, the remaining {@code <prefix>.weight} matrices (rank 2) and their {@code
 * <prefix>.bias} in ascending natural order of prefix, comparing digit runs as numbers: what {@code
 * nn.Sequential}'s {@code state_dict} produces ({@code 0.weight}, {@code 2.weight}, ..., {@code
 * 10.weight}).
 *
 * <p>Quantized weights, I8 or U8 {@code name.weight} with {@code name.weight_scale} and an optional
 * {@code name.weight_zero_point}, are dequantized ({@link QuantizedTensors}) and keep their
 * quantization in {@link MatchedLayer#quantized}.
 *
 * <p>Errors: a missing weight, a wrong shape, a non-float dtype, a count of weight matrices that
 * differs from the count of unnamed layers. Warnings: a missing bias (zeros are used, as for {@code
 * nn.Linear(bias=False)}), NaN or infinite values, tensors no layer uses.
 */
public final class TensorMatcher {
  private TensorMatcher() {}

  /**
   * A layer as declared: its name ("" for none), its shape, and whether it is a {@code @LayerNorm},
   * whose {@code .weight} (gamma) and {@code .bias} (beta) both have shape {@code [out]}, as in
   * PyTorch's {@code nn.LayerNorm}.
   */
  public record DeclaredLayer(String name, int in, int out, boolean layerNorm) {
    /** A dense layer. */
    public DeclaredLayer(String name, int in, int out) {
      this(name, in, out, false);
    }
  }

  /**
   * One finding, with the layer (index into the declared layers, -1 for none) and the tensor it
   * concerns (empty for none). The problem names the file, the tensor and expected versus found;
   * its message says whether it is an error or a warning.
   */
  public record Diagnostic(int layer, String tensor, Problem problem) {
    public boolean isError() {
      return problem.kind() == javax.tools.Diagnostic.Kind.ERROR;
    }
  }

  /**
   * The tensors chosen for one layer, converted exactly to doubles; {@code weights} row-major
   * {@code out x in}. Null arrays when the layer had an error.
   */
  public record MatchedLayer(
      int layer,
      String weightTensor,
      String biasTensor,
      double[] weights,
      double[] bias,
      QuantizedWeights quantized) {
    /** A layer whose weights came as floats. */
    public MatchedLayer(int layer, String weightTensor, String biasTensor, double[] weights, double[] bias) {
      this(layer, weightTensor, biasTensor, weights, bias, null);
    }
  }

  /** Per declared layer, in order, its tensors, plus every diagnostic. */
  public record Result(List<MatchedLayer> layers, List<Diagnostic> diagnostics) {
    public Result {
      layers = List.copyOf(layers);
      diagnostics = List.copyOf(diagnostics);
    }

    /** Whether any diagnostic is an error, so the layers cannot be used. */
    public boolean hasErrors() {
      return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
  }

  /**
   * Matches {@code declared} layers against the tensors of {@code file}; unnamed layers take a
   * Keras file's layers in the file's order.
   */
  public static Result match(List<DeclaredLayer> declared, WeightFile.Tensors file) {
    boolean fileOrder =
        file.format() == WeightFormat.KERAS_HDF5 || file.format() == WeightFormat.KERAS_ARCHIVE;
    return new Matching(file.file(), file.tensors(), fileOrder).run(declared);
  }

  /** Matches {@code declared} layers against {@code tensors} read from {@code file}. */
  public static Result match(
      List<DeclaredLayer> declared, String file, Map<String, Tensor> tensors) {
    return new Matching(file, tensors, false).run(declared);
  }

  /** Compares prefixes with digit runs as numbers, "2" before "10", as the runtime's loader does. */
  static final Comparator<String> NATURAL_ORDER = NetworkFiles::compareNaturally;

  /** One matching run; collects diagnostics as it goes. */
  private static final class Matching {
    private final String file;
    private final Map<String, Tensor> tensors;
    private final boolean fileOrder;
    private final Set<String> used = new LinkedHashSet<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Matching(String file, Map<String, Tensor> tensors, boolean fileOrder) {
      this.file = file;
      this.tensors = tensors;
      this.fileOrder = fileOrder;
    }

    Result run(List<DeclaredLayer> declared) {
      List<String> prefixes = new ArrayList<>(unnamedPrefixes(declared));
      long unnamed = declared.stream().filter(l -> l.name().isEmpty()).count();
      if (unnamed > 0 && prefixes.size() != unnamed) {
        report(-1, "", Message.TENSOR_UNNAMED_COUNT, unnamed, prefixes.size(), describe(prefixes));
        prefixes.clear();
      }
      List<MatchedLayer> matched = new ArrayList<>();
      int next = 0;
      for (int index = 0; index < declared.size(); index++) {
        DeclaredLayer layer = declared.get(index);
        String prefix = layer.name();
        if (prefix.isEmpty()) {
          if (prefixes.isEmpty()) {
            matched.add(new MatchedLayer(index, "", "", null, null));
            continue;
          }
          prefix = prefixes.get(next++);
        }
        matched.add(matchLayer(index, layer, prefix));
      }
      for (String name : tensors.keySet()) {
        if (!used.contains(name)) {
          String shape = Arrays.toString(tensors.get(name).shape());
          report(-1, name, Message.TENSOR_UNUSED, name, shape);
        }
      }
      return new Result(matched, diagnostics);
    }

    /**
     * Prefixes with a rank-2 {@code .weight} not claimed by a named layer, in natural order (in
     * file order for a Keras file).
     */
    private List<String> unnamedPrefixes(List<DeclaredLayer> declared) {
      Set<String> named = new LinkedHashSet<>();
      declared.forEach(l -> named.add(l.name()));
      boolean vectors = declared.stream().anyMatch(DeclaredLayer::layerNorm);
      List<String> prefixes = new ArrayList<>();
      for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
        String name = entry.getKey();
        int rank = entry.getValue().shape().length;
        if (name.endsWith(".weight") && (rank == 2 || (vectors && rank == 1))) {
          String prefix = name.substring(0, name.length() - ".weight".length());
          if (!named.contains(prefix)) {
            prefixes.add(prefix);
          }
        }
      }
      if (!fileOrder) {
        prefixes.sort(NATURAL_ORDER);
      }
      return prefixes;
    }

    private String describe(List<String> prefixes) {
      List<String> parts = new ArrayList<>();
      for (String prefix : prefixes) {
        parts.add(prefix + ".weight " + Arrays.toString(tensors.get(prefix + ".weight").shape()));
      }
      return parts.toString();
    }

    private MatchedLayer matchLayer(int index, DeclaredLayer layer, String prefix) {
      String weightName = prefix + ".weight";
      String biasName = prefix + ".bias";
      String named = layer.name().isEmpty() ? "" : "name = \"" + layer.name() + "\"";
      String where =
          layer.layerNorm()
              ? "layer " + (index + 1) + " (@LayerNorm" + (named.isEmpty() ? "" : "(" + named + ")") + ")"
              : "layer "
                  + (index + 1)
                  + " (@Dense(in = "
                  + layer.in()
                  + ", out = "
                  + layer.out()
                  + (named.isEmpty() ? "" : ", " + named)
                  + "))";
      int[] weightShape = layer.layerNorm() ? new int[] {layer.out()} : new int[] {layer.out(), layer.in()};
      Tensor weight = tensors.get(weightName);
      QuantizedWeights quantized = null;
      double[] weights;
      if (weight != null
          && !layer.layerNorm()
          && QuantizedTensors.isQuantized(weight)
          && Arrays.equals(weight.shape(), weightShape)) {
        used.add(weightName);
        QuantizedTensors.Read read =
            QuantizedTensors.read(file, where, weight, layer.out(), layer.in(), tensors, used);
        if (read.problem() != null) {
          diagnostics.add(new Diagnostic(index, weightName, read.problem()));
        }
        weights = read.weights();
        quantized = read.quantized();
      } else {
        weights = tensor(index, where, weightName, weightShape, true);
      }
      double[] bias = tensor(index, where, biasName, new int[] {layer.out()}, false);
      if (bias == null && !tensors.containsKey(biasName) && weights != null) {
        bias = new double[layer.out()];
      }
      if (weights == null) {
        return new MatchedLayer(index, weightName, biasName, null, null);
      }
      return new MatchedLayer(index, weightName, biasName, weights, bias, quantized);
    }

    private double[] tensor(
        int index, String where, String name, int[] expected, boolean required) {
      Tensor tensor = tensors.get(name);
      if (tensor == null) {
        if (required) {
          report(
              index,
              name,
              Message.TENSOR_MISSING,
              where,
              name,
              Arrays.toString(expected),
              tensors.keySet().toString());
        } else {
          report(index, name, Message.TENSOR_BIAS_MISSING, where, name, Arrays.toString(expected));
        }
        return null;
      }
      used.add(name);
      int[] shape = tensor.shape();
      if (!Arrays.equals(shape, expected)) {
        Message message = Message.TENSOR_SHAPE;
        if (tensor.elementCount() == 0) {
          message = Message.TENSOR_SHAPE_EMPTY;
        } else if (expected.length == 2
            && shape.length == 2
            && shape[0] == expected[1]
            && shape[1] == expected[0]) {
          message = Message.TENSOR_SHAPE_TRANSPOSED;
        }
        report(
            index, name, message, where, name, Arrays.toString(shape), Arrays.toString(expected));
        return null;
      }
      if (!tensor.isFloatingPoint()) {
        report(index, name, Message.TENSOR_DTYPE, where, name, tensor.dtype());
        return null;
      }
      double[] values = tensor.toDoubleArray();
      for (int k = 0; k < values.length; k++) {
        if (!Double.isFinite(values[k])) {
          int more = count(values) - 1;
          if (more > 0) {
            report(
                index, name, Message.TENSOR_NON_FINITE_MORE, where, name, values[k], k, more);
          } else {
            report(index, name, Message.TENSOR_NON_FINITE, where, name, values[k], k);
          }
          break;
        }
      }
      return values;
    }

    private static int count(double[] values) {
      int n = 0;
      for (double v : values) {
        n += Double.isFinite(v) ? 0 : 1;
      }
      return n;
    }

    /** Adds {@code message} on {@code layer} and {@code tensor}; {@code args} follow the file. */
    private void report(int layer, String tensor, Message message, Object... args) {
      Object[] withFile = new Object[args.length + 1];
      withFile[0] = file;
      System.arraycopy(args, 0, withFile, 1, args.length);
      diagnostics.add(new Diagnostic(layer, tensor, Problem.of(message, withFile)));
    }
  }
}
