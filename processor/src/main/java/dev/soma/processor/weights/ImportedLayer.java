package dev.soma.processor.weights;

import dev.soma.Activation;
import java.util.Objects;

/**
 * One dense layer read from a weight file: {@code y = activation(W x + b)} with {@code W} row-major
 * {@code out x in} (element {@code i * in + j} is the weight of input {@code j} into neuron {@code
 * i}, PyTorch {@code nn.Linear}'s layout). Immutable: the array accessors return copies.
 */
public final class ImportedLayer {
  private final String source;
  private final int in;
  private final int out;
  private final double[] weights;
  private final double[] bias;
  private final Activation.Kind activation;
  private final double alpha;

  /**
   * @param source where the layer came from, for messages (such as {@code Gemm 'fc1'})
   * @param alpha the negative slope of {@link Activation.Kind#LEAKY_RELU}; 0 for other kinds
   */
  public ImportedLayer(
      String source,
      int in,
      int out,
      double[] weights,
      double[] bias,
      Activation.Kind activation,
      double alpha) {
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
    this.activation = Objects.requireNonNull(activation);
    this.alpha = alpha;
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

  /** The activation applied to {@code W x + b}. */
  public Activation.Kind activation() {
    return activation;
  }

  /** The slope for negative inputs of {@link Activation.Kind#LEAKY_RELU}; 0 for other kinds. */
  public double alpha() {
    return alpha;
  }

  /** The weight of input {@code j} into neuron {@code i}. */
  public double weight(int i, int j) {
    return weights[i * in + j];
  }

  @Override
  public String toString() {
    return source
        + ": Dense(in = "
        + in
        + ", out = "
        + out
        + ", "
        + activation
        + (activation == Activation.Kind.LEAKY_RELU ? "(" + alpha + ")" : "")
        + ")";
  }
}
