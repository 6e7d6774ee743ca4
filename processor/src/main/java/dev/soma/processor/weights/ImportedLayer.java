package dev.soma.processor.weights;

import dev.soma.Activation;
import dev.soma.processor.model.QuantizedWeights;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One dense layer read from a weight file: {@code y = activation(W x + b)} with {@code W} row-major
 * {@code out x in} (element {@code i * in + j} is the weight of input {@code j} into neuron {@code
 * i}, PyTorch {@code nn.Linear}'s layout), then its activations in order (none for a linear
 * layer; several in a row as the DSL allows, such as RELU then SOFTMAX). Immutable: the array
 * accessors return copies.
 */
public final class ImportedLayer {
  /** One activation applied to the layer's output; {@code alpha} is LEAKY_RELU's slope, else 0. */
  public record Applied(Activation.Kind kind, double alpha) {
    public Applied {
      Objects.requireNonNull(kind);
    }

    @Override
    public String toString() {
      return kind + (kind == Activation.Kind.LEAKY_RELU ? "(" + alpha + ")" : "");
    }
  }

  private final String source;
  private final int in;
  private final int out;
  private final double[] weights;
  private final double[] bias;
  private final List<Applied> activations;
  /** The LayerNorm epsilon; NaN for a dense layer. */
  private final double epsilon;
  /** How the file quantized the weights, or null when they came as floats. */
  private QuantizedWeights quantized;

  /**
   * @param source where the layer came from, for messages (such as {@code Gemm 'fc1'})
   * @param activations applied in order; IDENTITY is never listed (an empty list is linear)
   */
  public ImportedLayer(
      String source,
      int in,
      int out,
      double[] weights,
      double[] bias,
      List<Applied> activations) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException(
          source + ": in = " + in + ", out = " + out + "; both must be at least 1");
    }
    if (weights.length != (long) in * out || bias.length != out) {
      throw new IllegalArgumentException(
          source
              + ": "
              + weights.length
              + " weights and "
              + bias.length
              + " biases; expected "
              + (long) in * out
              + " and "
              + out);
    }
    this.source = Objects.requireNonNull(source);
    this.in = in;
    this.out = out;
    this.weights = weights.clone();
    this.bias = bias.clone();
    this.activations = List.copyOf(activations);
    this.epsilon = Double.NaN;
  }

  private ImportedLayer(
      String source, int features, double[] gamma, double[] beta, double epsilon, List<Applied> activations) {
    if (gamma.length != features || beta.length != features) {
      throw new IllegalArgumentException(
          source + ": " + gamma.length + " scales and " + beta.length + " shifts; expected " + features);
    }
    this.source = Objects.requireNonNull(source);
    this.in = features;
    this.out = features;
    this.weights = gamma.clone();
    this.bias = beta.clone();
    this.activations = List.copyOf(activations);
    this.epsilon = epsilon;
  }

  /**
   * A LayerNorm over {@code features} values, {@code y = (x - mean) / sqrt(var + epsilon) * gamma +
   * beta}, then {@code activations}; {@link #weights()} is gamma and {@link #bias()} beta.
   */
  public static ImportedLayer layerNorm(
      String source, int features, double[] gamma, double[] beta, double epsilon, List<Applied> activations) {
    return new ImportedLayer(source, features, gamma, beta, epsilon, activations);
  }

  /**
   * This dense layer with its weights marked as {@code quantized} dequantized (null: floats); its
   * {@link #weights()} stay the dequantized values.
   */
  public ImportedLayer withQuantized(QuantizedWeights quantized) {
    ImportedLayer copy = new ImportedLayer(source, in, out, weights, bias, activations);
    copy.quantized = quantized;
    return copy;
  }

  /** How the file quantized the weights (ONNX {@code DequantizeLinear}); empty for floats. */
  public Optional<QuantizedWeights> quantized() {
    return Optional.ofNullable(quantized);
  }

  /** Whether this is a LayerNorm rather than a dense layer. */
  public boolean isLayerNorm() {
    return !Double.isNaN(epsilon);
  }

  /** The LayerNorm epsilon; NaN for a dense layer. */
  public double epsilon() {
    return epsilon;
  }

  /** Where the layer came from, such as {@code Gemm 'fc1'} or {@code MatMul node 0}. */
  public String source() {
    return source;
  }

  /** Number of inputs. */
  public int in() {
    return in;
  }

  /** Number of outputs. */
  public int out() {
    return out;
  }

  /** The weights, row-major {@code out x in}. */
  public double[] weights() {
    return weights.clone();
  }

  /** The biases, one per output. */
  public double[] bias() {
    return bias.clone();
  }

  /** The activations applied to {@code W x + b}, in order; empty for a linear layer. */
  public List<Applied> activations() {
    return activations;
  }

  /**
   * The layer's one activation, IDENTITY for none.
   *
   * @throws IllegalStateException if it has several: read {@link #activations()}
   */
  public Activation.Kind activation() {
    return only().kind();
  }

  /** The slope for negative inputs of the one activation if LEAKY_RELU; 0 otherwise. */
  public double alpha() {
    return only().alpha();
  }

  private Applied only() {
    if (activations.size() > 1) {
      throw new IllegalStateException(source + " has activations " + activations);
    }
    return activations.isEmpty() ? new Applied(Activation.Kind.IDENTITY, 0) : activations.get(0);
  }

  /** The weight of input {@code j} into neuron {@code i}. */
  public double weight(int i, int j) {
    return weights[i * in + j];
  }

  @Override
  public String toString() {
    if (isLayerNorm()) {
      return source + ": LayerNorm(" + out + ", epsilon = " + epsilon
          + activations.stream().map(Applied::toString).map(a -> ", " + a).collect(Collectors.joining()) + ")";
    }
    return source
        + ": Dense(in = "
        + in
        + ", out = "
        + out
        + (activations.isEmpty()
            ? ""
            : activations.stream().map(Applied::toString).collect(Collectors.joining(", ", ", ", "")))
        + ")";
  }
}
