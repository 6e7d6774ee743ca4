package dev.soma.processor.weights;

import dev.soma.Activation.Kind;
import dev.soma.processor.model.QuantizedWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * A dense layer being assembled from ONNX nodes: weights row-major {@code out x in}, bias, and its
 * activations once known. Constant arithmetic and batch normalisation after the linear part, and
 * constant arithmetic on its input, fold into the weights and bias here.
 */
final class PendingLayer {
  final String source;
  final int in;
  final int out;
  private final double[] weights;
  private final double[] bias;
  private final List<ImportedLayer.Applied> activations = new ArrayList<>();
  /** The LayerNorm epsilon; NaN for a dense layer. */
  private final double epsilon;
  /** How the file quantized the weights (a {@code DequantizeLinear}), or null. */
  private QuantizedWeights quantized;

  PendingLayer(String source, int in, int out, double[] weights, double[] bias) {
    this(source, in, out, weights, bias, Double.NaN);
  }

  private PendingLayer(String source, int in, int out, double[] weights, double[] bias, double epsilon) {
    this.source = source;
    this.in = in;
    this.out = out;
    this.weights = weights;
    this.bias = bias;
    this.epsilon = epsilon;
  }

  /**
   * A LayerNorm being assembled: its gamma is held as an {@code out x 1} weight matrix, so constant
   * arithmetic and batch normalisation after it fold into gamma and beta exactly as into a dense
   * layer's rows.
   */
  static PendingLayer layerNorm(String source, int features, double[] gamma, double[] beta, double epsilon) {
    return new PendingLayer(source, 1, features, gamma, beta, epsilon);
  }

  /** Whether this is a LayerNorm rather than a dense layer. */
  boolean isLayerNorm() {
    return !Double.isNaN(epsilon);
  }

  /**
   * Row-major {@code out x in} weights from {@code values}, which are {@code [out, in]} if {@code
   * outByIn}, else {@code [in, out]}.
   */
  static double[] layout(double[] values, int in, int out, boolean outByIn) {
    if (outByIn) {
      return values;
    }
    double[] weights = new double[in * out];
    for (int j = 0; j < in; j++) {
      for (int i = 0; i < out; i++) {
        weights[i * in + j] = values[j * out + i];
      }
    }
    return weights;
  }

  /** Records that the weights are {@code quantized} dequantized (null: they came as floats). */
  void quantized(QuantizedWeights quantized) {
    this.quantized = quantized;
  }

  /**
   * Constant arithmetic folded into the weights changes them: they are no longer the file's int8
   * values times a scale, so INT8 storage cannot keep those.
   */
  private void rescaled() {
    if (quantized != null && quantized.int8()) {
      quantized =
          QuantizedWeights.unrepresentable(
              quantized.tensor(),
              quantized.layout() + ", then rescaled by constant arithmetic folded into the weights");
    }
  }

  /** Whether an activation has been applied, so the linear part is complete. */
  boolean hasActivation() {
    return !activations.isEmpty();
  }

  /** The activation applied last; only when {@link #hasActivation}. */
  Kind lastActivation() {
    return activations.get(activations.size() - 1).kind();
  }

  /** Applies {@code kind} after the activations so far; IDENTITY is not recorded. */
  void activate(Kind kind, double alpha) {
    if (kind != Kind.IDENTITY) {
      activations.add(new ImportedLayer.Applied(kind, kind == Kind.LEAKY_RELU ? alpha : 0));
    }
  }

  /**
   * Folds an affine map of the layer's input, {@code x -> scale * x + shift} per input feature,
   * into the weights and bias: {@code W (a x + c) + b = (W diag(a)) x + (W c + b)}.
   */
  void foldInput(double[] scale, double[] shift) {
    for (double factor : scale) {
      if (factor != 1) {
        rescaled();
      }
    }
    for (int i = 0; i < out; i++) {
      double sum = bias[i];
      for (int j = 0; j < in; j++) {
        sum += weights[i * in + j] * shift[j];
      }
      bias[i] = sum;
      for (int j = 0; j < in; j++) {
        weights[i * in + j] *= scale[j];
      }
    }
  }

  /**
   * Folds {@code op} ({@code Add}, {@code Sub}, {@code Mul} or {@code Div}) of the layer's output
   * and the per-output constants {@code c}; {@code dataFirst} when the output is the first operand.
   * {@code Div(c, x)} is not affine and never reaches here.
   */
  void foldAffine(String op, boolean dataFirst, double[] c) {
    for (int i = 0; i < out; i++) {
      switch (op) {
        case "Add" -> bias[i] += c[i];
        case "Sub" -> {
          if (dataFirst) {
            bias[i] -= c[i];
          } else {
            scaleRow(i, -1);
            bias[i] += c[i];
          }
        }
        case "Mul" -> scaleRow(i, c[i]);
        default -> scaleRow(i, 1 / c[i]); // Div(x, c)
      }
    }
  }

  /** Folds {@code BatchNormalization} in inference mode, its parameters given per output. */
  void foldBatchNorm(
      double epsilon, double[] scale, double[] shift, double[] mean, double[] variance) {
    for (int i = 0; i < out; i++) {
      double s = scale[i] / Math.sqrt(variance[i] + epsilon);
      bias[i] -= mean[i];
      scaleRow(i, s);
      bias[i] += shift[i];
    }
  }

  private void scaleRow(int row, double factor) {
    if (factor != 1) {
      rescaled();
    }
    for (int j = 0; j < in; j++) {
      weights[row * in + j] *= factor;
    }
    bias[row] *= factor;
  }

  ImportedLayer finish() {
    if (isLayerNorm()) {
      return ImportedLayer.layerNorm(source, out, weights, bias, epsilon, activations);
    }
    return new ImportedLayer(source, in, out, weights, bias, activations).withQuantized(quantized);
  }
}
