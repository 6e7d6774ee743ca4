package dev.soma.processor.generate.train;

import com.palantir.javapoet.CodeBlock;
import dev.soma.Activation;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Precision;
import java.util.Locale;

/**
 * Source code for the derivative of one element-wise activation function, for backpropagation. The
 * runtime names each derivative after its function: {@code LEAKY_RELU} has {@code
 * Activations.leakyReluDerivative(z, alpha)}, {@code GELU_TANH} has {@code geluTanhDerivative(z)}.
 */
final class DerivativeCode {
  private DerivativeCode() {}

  /**
   * {@code function'(input)}. STEP's derivative is the runtime's {@code stepDerivative}: zero,
   * never a surrogate. IDENTITY (derivative 1) and SOFTMAX (not element-wise) have none.
   */
  static CodeBlock of(ActivationFunction function, CodeBlock input, Precision precision) {
    Activation.Kind kind = function.kind();
    if (kind == Activation.Kind.IDENTITY || !function.elementWise()) {
      throw new IllegalArgumentException(kind + " has no element-wise derivative call");
    }
    String method = methodName(kind) + "Derivative";
    return kind == Activation.Kind.LEAKY_RELU
        ? CodeBlock.of(
            "$T.$L($L, $L)",
            RuntimeTypes.ACTIVATIONS,
            method,
            input,
            Literals.of(function.alpha(), precision))
        : CodeBlock.of("$T.$L($L)", RuntimeTypes.ACTIVATIONS, method, input);
  }

  /** {@code GELU_TANH} to {@code geluTanh}. */
  static String methodName(Activation.Kind kind) {
    StringBuilder name = new StringBuilder();
    for (String word : kind.name().toLowerCase(Locale.ROOT).split("_")) {
      name.append(
          name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return name.toString();
  }
}
