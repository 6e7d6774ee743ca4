package dev.soma.processor.read;

import dev.soma.processor.diag.Position;
import java.util.Map;
import java.util.Optional;

/** The values of one {@code @LayerNorm}, read from its annotation mirror. */
public final class LayerNormAnnotation implements WrittenLayerAnnotation {
  private final double epsilon;
  private final String name;
  private final double[] gamma;
  private final double[] beta;
  private final Position position;
  private final Map<String, Position> attributes;

  LayerNormAnnotation(
      double epsilon,
      String name,
      double[] gamma,
      double[] beta,
      Position position,
      Map<String, Position> attributes) {
    this.epsilon = epsilon;
    this.name = name;
    this.gamma = gamma;
    this.beta = beta;
    this.position = position;
    this.attributes = attributes;
  }

  public double epsilon() {
    return epsilon;
  }

  /** The {@code name} attribute, or empty. */
  public String name() {
    return name;
  }

  /** Inline {@code gamma} when written. */
  public Optional<double[]> gamma() {
    return Optional.ofNullable(gamma).map(double[]::clone);
  }

  /** Inline {@code beta} when written. */
  public Optional<double[]> beta() {
    return Optional.ofNullable(beta).map(double[]::clone);
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
