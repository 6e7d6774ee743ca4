package dev.soma;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The activation function applied to the output of the {@link Dense} written right before it.
 *
 * <pre>{@code
 * @Dense(in = 3, out = 2) @Activation(RELU)
 * @Dense(in = 2, out = 1) @Activation(SIGMOID)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Activation.List.class)
public @interface Activation {
  /** The function. */
  Kind value();

  /** The slope for negative inputs of {@link Kind#LEAKY_RELU}; ignored by the other kinds. */
  double alpha() default 0.01;

  /** Activation functions. Each is applied element-wise except {@link #SOFTMAX}. */
  enum Kind {
    /** {@code z}: a linear layer. Regression outputs. */
    IDENTITY,
    /** 1 for {@code z > 0}, else 0: the perceptron's threshold. Zero gradient everywhere. */
    STEP,
    /** {@code 1 / (1 + e^-z)}, in (0, 1). Binary classification outputs. */
    SIGMOID,
    /** {@code tanh z}, in (-1, 1). */
    TANH,
    /** {@code max(0, z)}. */
    RELU,
    /** {@code z} for {@code z > 0}, else {@code alpha * z}. */
    LEAKY_RELU,
    /** {@code z * sigmoid(z)} (also called SiLU). */
    SWISH,
    /** {@code z * Phi(z)} with the exact normal CDF {@code Phi(z) = (1 + erf(z / sqrt 2)) / 2}. */
    GELU,
    /** The tanh approximation {@code z/2 (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3)))} of GELU. */
    GELU_TANH,
    /** {@code e^z_i / sum_k e^z_k}, computed stably (the maximum subtracted first). Multi-class outputs. */
    SOFTMAX
  }

  /** Container of repeated {@link Activation} annotations; written by the compiler, not by users. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    /** The repeated annotations, in source order. */
    Activation[] value();
  }
}
