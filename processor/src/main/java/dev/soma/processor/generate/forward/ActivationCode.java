package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Precision;

/** Source code applying one element-wise activation function to an expression. */
public final class ActivationCode {
  private ActivationCode() {}

  /** {@code expression} with {@code function} applied; {@code function} must be element-wise. */
  public static CodeBlock apply(ActivationFunction function, CodeBlock expression, Precision precision) {
    switch (function.kind()) {
      case IDENTITY:
        return expression;
      case STEP:
        return call("step", expression);
      case SIGMOID:
        return call("sigmoid", expression);
      case TANH:
        return call("tanh", expression);
      case RELU:
        return call("relu", expression);
      case LEAKY_RELU:
        return CodeBlock.of(
            "$T.leakyRelu($L, $L)", RuntimeTypes.ACTIVATIONS, expression, Literals.of(function.alpha(), precision));
      case SWISH:
        return call("swish", expression);
      case GELU:
        return call("gelu", expression);
      case GELU_TANH:
        return call("geluTanh", expression);
      default:
        throw new IllegalArgumentException(function.kind() + " is not element-wise");
    }
  }

  private static CodeBlock call(String method, CodeBlock expression) {
    return CodeBlock.of("$T.$L($L)", RuntimeTypes.ACTIVATIONS, method, expression);
  }
}
