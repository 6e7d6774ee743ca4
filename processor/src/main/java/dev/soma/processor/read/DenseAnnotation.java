package dev.soma.processor.read;

import dev.soma.Activation;
import dev.soma.processor.diag.Position;
import java.util.Map;
import java.util.Optional;

/** The values of one {@code @Dense}, read from its annotation mirror. */
public final class DenseAnnotation implements WrittenLayerAnnotation {
  private final int in;
  private final int out;
  private final Activation.Kind activation;
  private final Double alpha;
  private final String name;
  private final double[] weights;
  private final double[] bias;
  private final Position position;
  private final Map<String, Position> attributes;

  DenseAnnotation(
      int in,
      int out,
      Activation.Kind activation,
      Double alpha,
      String name,
      double[] weights,
      double[] bias,
      Position position,
      Map<String, Position> attributes) {
    this.in = in;
    this.out = out;
    this.activation = activation;
    this.alpha = alpha;
    this.name = name;
    this.weights = weights;
    this.bias = bias;
    this.position = position;
    this.attributes = attributes;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  /** The {@code activation} attribute when written explicitly. */
  public Optional<Activation.Kind> activation() {
    return Optional.ofNullable(activation);
  }

  /** The {@code alpha} attribute when written explicitly. */
  public Optional<Double> alpha() {
    return Optional.ofNullable(alpha);
  }

  /** The layer's name, empty when not given. */
  public String name() {
    return name;
  }

  /** The inline weights when written. */
  public Optional<double[]> weights() {
    return Optional.ofNullable(weights).map(double[]::clone);
  }

  /** The inline bias when written. */
  public Optional<double[]> bias() {
    return Optional.ofNullable(bias).map(double[]::clone);
  }

  @Override
  public Position position() {
    return position;
  }

  @Override
  public Position at(String attribute) {
    return attributes.getOrDefault(attribute, position);
  }
}
