package dev.soma.processor.read;

import dev.soma.Activation;
import dev.soma.processor.diag.Position;
import java.util.Map;
import java.util.Optional;

/** The values of one standalone {@code @Activation}, read from its annotation mirror. */
public final class ActivationAnnotation implements WrittenLayerAnnotation {
  private final Activation.Kind kind;
  private final Double alpha;
  private final Position position;
  private final Map<String, Position> attributes;

  ActivationAnnotation(
      Activation.Kind kind, Double alpha, Position position, Map<String, Position> attributes) {
    this.kind = kind;
    this.alpha = alpha;
    this.position = position;
    this.attributes = attributes;
  }

  public Activation.Kind kind() {
    return kind;
  }

  /** The {@code alpha} attribute when written explicitly. */
  public Optional<Double> alpha() {
    return Optional.ofNullable(alpha);
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
