package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * The LayerNorm step of every forward form, in one place. The loop forms (plain, SIMD, batched per
 * row, the trainer's forward pass) call {@code LayerNorms.apply}; the straight-line form writes the
 * same double-precision operations in the same order over its locals, so all forms give the same
 * bits (see {@code dev.soma.runtime.LayerNorms} for the arithmetic).
 */
public final class LayerNormCode {
  /** Terms per source line in the straight-line sums. */
  private static final int TERMS_PER_LINE = 4;

  private LayerNormCode() {}

  /** {@code LayerNorms.apply(x, y, n, gamma, beta, epsilon);} over whole arrays. */
  public static void apply(
      CodeBlock.Builder code, Layer layer, CodeBlock x, CodeBlock y, CodeBlock gamma, CodeBlock beta) {
    code.addStatement(
        "$T.apply($L, $L, $L, $L, $L, $L)",
        RuntimeTypes.LAYER_NORMS,
        x,
        y,
        layer.out(),
        gamma,
        beta,
        Literals.of(layer.epsilon(), Precision.DOUBLE));
  }

  /** {@link #apply} with the layer's own gamma and beta fields, {@code this.w<n>} and {@code this.b<n>}. */
  static void applyWithFields(
      CodeBlock.Builder code, GeneratorContext context, Layer layer, CodeBlock x, CodeBlock y) {
    apply(
        code,
        layer,
        x,
        y,
        CodeBlock.of("this.$N", context.member("w" + layer.number())),
        CodeBlock.of("this.$N", context.member("b" + layer.number())));
  }

  /**
   * Straight-line LayerNorm over the locals {@code inputs}: declares {@code mean<n>}, the deviations
   * {@code d<n>_i}, {@code inverse<n>}, and returns the output expressions {@code (float) (d * inverse
   * * gamma_i + beta_i)}. With {@code gamma} and {@code beta} null the values are written as literals.
   */
  static List<CodeBlock> unrolled(
      CodeBlock.Builder code,
      NameAllocator names,
      GeneratorContext context,
      Layer layer,
      List<String> inputs,
      String gamma,
      String beta) {
    int n = layer.number();
    int features = layer.out();
    String mean = names.newName("mean" + n);
    code.addStatement("double $N = ($L) / $L", mean, sum(inputs, x -> x), features);
    List<String> deviations = new ArrayList<>();
    for (int i = 0; i < features; i++) {
      String d = names.newName("d" + n + "_" + i);
      code.addStatement("double $N = $N - $N", d, inputs.get(i), mean);
      deviations.add(d);
    }
    String inverse = names.newName("inverse" + n);
    code.addStatement(
        "double $N = 1.0 / $T.sqrt(($L) / $L + $L)",
        inverse,
        RuntimeTypes.MATH,
        sum(deviations, d -> d + " * " + d),
        features,
        Literals.of(layer.epsilon(), Precision.DOUBLE));
    double[] gammas = gamma == null ? layer.weights().orElseThrow() : null;
    double[] betas = beta == null ? layer.bias().orElseThrow() : null;
    String cast = context.precision() == Precision.FLOAT ? "(float) " : "";
    List<CodeBlock> outputs = new ArrayList<>();
    for (int i = 0; i < features; i++) {
      String g = gamma == null ? context.literal(gammas[i]) : gamma + "[" + i + "]";
      String b = beta == null ? context.literal(betas[i]) : beta + "[" + i + "]";
      outputs.add(CodeBlock.of("$L($N * $N * $L + $L)", cast, deviations.get(i), inverse, g, b));
    }
    return outputs;
  }

  /** {@code 0.0 + t0 + t1 + ...}, a few terms per line: the loops' sum from zero, in the same order. */
  private static String sum(List<String> values, java.util.function.UnaryOperator<String> term) {
    StringBuilder sum = new StringBuilder("0.0");
    for (int i = 0; i < values.size(); i++) {
      sum.append((i + 1) % TERMS_PER_LINE == 0 ? "\n    + " : " + ").append(term.apply(values.get(i)));
    }
    return sum.toString();
  }
}
