package dev.soma;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected (linear) layer {@code z = W x + b} with {@code in} inputs and {@code out}
 * outputs. Layers run in the order they are written; each layer's {@code in} must equal the
 * previous layer's {@code out}.
 *
 * <p>The activation applied to {@code z} is either the {@link #activation()} attribute or the
 * {@link Activation} annotation written right after this one; without either the layer is linear.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Dense.List.class)
public @interface Dense {
  /** Number of inputs, at least 1. */
  int in();

  /** Number of outputs (neurons), at least 1. */
  int out();

  /** The activation applied to this layer's output; the one-annotation form of {@link Activation}. */
  Activation.Kind activation() default Activation.Kind.IDENTITY;

  /** The leaky-ReLU slope for negative inputs when {@link #activation()} is {@code LEAKY_RELU}. */
  double alpha() default 0.01;

  /** The layer's name, used to find its tensors ({@code name.weight}, {@code name.bias}) in a weight file. */
  String name() default "";

  /**
   * Inline weights, row-major {@code out x in}: element {@code i * in + j} is {@code w_ij}, the
   * weight of input {@code j} into neuron {@code i}. Given together with {@link #bias()}.
   */
  double[] weights() default {};

  /** Inline biases, one per output. Given together with {@link #weights()}. */
  double[] bias() default {};

  /** Container of repeated {@link Dense} annotations; written by the compiler, not by users. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    /** The repeated annotations, in source order. */
    Dense[] value();
  }
}
