package dev.soma.processor.model;

import dev.soma.Activation;
import java.util.Locale;

/** An activation function with its parameter (the leaky-ReLU slope). */
public final class ActivationFunction {

  private final Activation.Kind kind;
  private final double alpha;

  public ActivationFunction(Activation.Kind kind, double alpha) {
    this.kind = kind;
    this.alpha = alpha;
  }

  public Activation.Kind kind() {
    return kind;
  }

  /** The slope of {@code LEAKY_RELU} for negative inputs. */
  public double alpha() {
    return alpha;
  }

  /** Element-wise, as opposed to {@code SOFTMAX}, which needs the whole layer. */
  public boolean elementWise() {
    return kind != Activation.Kind.SOFTMAX;
  }

  /** Whether the function maps every input at most zero to exactly zero, so zero inputs of the next layer are common. */
  public boolean producesZeros() {
    return kind == Activation.Kind.RELU || kind == Activation.Kind.STEP;
  }

  /** Lower-case name for comments: {@code relu}, {@code leaky relu (alpha 0.1)}. */
  public String describe() {
    String name = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return kind == Activation.Kind.LEAKY_RELU ? name + " (alpha " + alpha + ")" : name;
  }
}
