package dev.soma.processor.model;

import dev.soma.Activation;
import java.util.List;
import java.util.Optional;

/**
 * One dense layer of a validated network: {@code y = f(W x + b)} with {@code in} inputs and {@code
 * out} outputs, and its activations applied in order. Weights are row-major {@code out x in}.
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

  public Layer(
      int number,
      int in,
      int out,
      String name,
      List<ActivationFunction> activations,
      double[] weights,
      double[] bias,
      String origin) {
    this.number = number;
    this.in = in;
    this.out = out;
    this.name = name;
    this.activations = List.copyOf(activations);
    this.weights = weights == null ? null : weights.clone();
    this.bias = bias == null ? null : bias.clone();
    this.origin = origin;
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

  /** Weights known at compile time, row-major {@code out x in}. */
  public Optional<double[]> weights() {
    return Optional.ofNullable(weights).map(double[]::clone);
  }

  /** Biases known at compile time. */
  public Optional<double[]> bias() {
    return Optional.ofNullable(bias).map(double[]::clone);
  }

  /** Multiply-adds per inference. */
  public long terms() {
    return (long) in * out;
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
