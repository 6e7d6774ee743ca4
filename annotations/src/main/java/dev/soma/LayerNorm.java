package dev.soma;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Layer normalisation of the output of the {@link Dense} (or of its activations) written right
 * before it: {@code y_i = (x_i - mean) / sqrt(var + epsilon) * gamma_i + beta_i}, with the mean and
 * the biased variance taken over the layer's features, as PyTorch's {@code nn.LayerNorm} and ONNX's
 * {@code LayerNormalization} compute it. It counts as a layer of its own: an {@link Activation}
 * written after it applies to the normalised values, and its {@code gamma} and {@code beta} are one
 * weights array and one bias array of the generated class's {@code weights()} and {@code biases()}.
 *
 * <pre>{@code
 * @Dense(in = 16, out = 32) @LayerNorm @Activation(RELU)
 * @Dense(in = 32, out = 1)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(LayerNorm.List.class)
public @interface LayerNorm {
  /** Added to the variance before the square root; a positive number. */
  double epsilon() default 1e-5;

  /** The layer's name, used to find its tensors ({@code name.weight} = gamma, {@code name.bias} = beta) in a weight file. */
  String name() default "";

  /** Inline scale, one per feature. Given together with {@link #beta()}. */
  double[] gamma() default {};

  /** Inline shift, one per feature. Given together with {@link #gamma()}. */
  double[] beta() default {};

  /** Container of repeated {@link LayerNorm} annotations; written by the compiler, not by users. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    /** The repeated annotations, in source order. */
    LayerNorm[] value();
  }
}
