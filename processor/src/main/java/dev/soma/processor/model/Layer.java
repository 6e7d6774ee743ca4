package dev.soma.processor.model;

import dev.soma.Activation;
import java.util.List;
import java.util.Optional;

/**
 * One layer of a validated network, with its activations applied in order. A dense layer computes
 * {@code y = f(W x + b)} with {@code in} inputs and {@code out} outputs; its weights are row-major
 * {@code out x in}. A LayerNorm layer ({@link #isLayerNorm()}, {@code in == out}) computes {@code
 * y = f((x - mean) / sqrt(var + epsilon) * gamma + beta)} over its features, with {@code gamma} as
 * its weights and {@code beta} as its bias, one value per feature each.
 */
public final class Layer {
  private final int number;
  private final int in;
  private final int out;
  private final String name;
  private final List<ActivationFunction> activations;
  private final double[] weights;
  private final double[] bias;
  private final String origin;
  /** The LayerNorm epsilon; NaN for a dense layer. */
  private final double epsilon;
  /** How the weight file quantized the weights, or null when they came as floats. */
  private final QuantizedWeights quantized;

  public Layer(
      int number,
      int in,
      int out,
      String name,
      List<ActivationFunction> activations,
      double[] weights,
      double[] bias,
      String origin) {
    this(number, in, out, name, activations, weights, bias, origin, Double.NaN, null);
  }

  private Layer(
      int number,
      int in,
      int out,
      String name,
      List<ActivationFunction> activations,
      double[] weights,
      double[] bias,
      String origin,
      double epsilon,
      QuantizedWeights quantized) {
    this.number = number;
    this.epsilon = epsilon;
    this.quantized = quantized;
    this.in = in;
    this.out = out;
    this.name = name;
    this.activations = List.copyOf(activations);
    this.weights = weights == null ? null : weights.clone();
    this.bias = bias == null ? null : bias.clone();
    this.origin = origin;
  }

  /**
   * A LayerNorm layer over {@code features} values with {@code gamma} and {@code beta} (both null
   * when given at run time).
   */
  public static Layer layerNorm(
      int number,
      int features,
      String name,
      List<ActivationFunction> activations,
      double[] gamma,
      double[] beta,
      double epsilon,
      String origin) {
    return new Layer(number, features, features, name, activations, gamma, beta, origin, epsilon, null);
  }

  /** This layer numbered {@code number}. */
  public Layer withNumber(int number) {
    return new Layer(number, in, out, name, activations, weights, bias, origin, epsilon, quantized);
  }

  /** This layer with the weights (gamma for LayerNorm) and biases (beta) given, as floats. */
  public Layer withParameters(double[] weights, double[] bias) {
    return new Layer(number, in, out, name, activations, weights, bias, origin, epsilon, null);
  }

  /**
   * This layer with its weights marked as read quantized ({@code quantized}, null for none); the
   * weights themselves stay the dequantized floats.
   */
  public Layer withQuantized(QuantizedWeights quantized) {
    return new Layer(number, in, out, name, activations, weights, bias, origin, epsilon, quantized);
  }

  /** How the weight file quantized this layer's weights; empty when they came as floats. */
  public Optional<QuantizedWeights> quantized() {
    return Optional.ofNullable(quantized);
  }

  /** Whether this is a LayerNorm layer rather than a dense one. */
  public boolean isLayerNorm() {
    return !Double.isNaN(epsilon);
  }

  /** The LayerNorm epsilon, added to the variance; only for {@link #isLayerNorm()}. */
  public double epsilon() {
    if (!isLayerNorm()) {
      throw new IllegalStateException("layer " + number + " is dense");
    }
    return epsilon;
  }

  /** Position in the generated network, from 1. */
  public int number() {
    return number;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  /** The name given with {@code @Dense(name = ...)}, or empty. */
  public String name() {
    return name;
  }

  /** The activations after the linear map, applied in order; empty for a linear layer. */
  public List<ActivationFunction> activations() {
    return activations;
  }

  /** Whether the last activation is one of {@code kind}. */
  public boolean endsWith(Activation.Kind kind) {
    return !activations.isEmpty() && activations.get(activations.size() - 1).kind() == kind;
  }

  /** Weights known at compile time, row-major {@code out x in}; gamma for LayerNorm. */
  public Optional<double[]> weights() {
    return Optional.ofNullable(weights).map(double[]::clone);
  }

  /** Biases known at compile time; beta for LayerNorm. */
  public Optional<double[]> bias() {
    return Optional.ofNullable(bias).map(double[]::clone);
  }

  /**
   * Multiply-adds per inference, which is also the number of weights: {@code in * out} for a dense
   * layer, {@code out} (the gamma) for LayerNorm.
   */
  public long terms() {
    return isLayerNorm() ? out : (long) in * out;
  }

  /** Where the layer comes from in the declaration, for comments: {@code layer 2}, {@code layers 1 and 2, fused}. */
  public String origin() {
    return origin;
  }

  /** Whether this layer's activations can produce exact zeros, so the next layer may skip zero inputs. */
  public boolean producesZeros() {
    return !activations.isEmpty() && activations.get(activations.size() - 1).producesZeros();
  }
}
