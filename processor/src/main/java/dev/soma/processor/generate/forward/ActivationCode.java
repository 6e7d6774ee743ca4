package dev.soma.processor.generate.forward;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Precision;

/**
 * Source code applying one element-wise activation function to an expression: a call to {@code
 * Activations}, or, for the smooth functions of a float network with {@code @Network(activations =
 * FAST)}, to {@code FastActivations} beside it.
 */
public final class ActivationCode {
  /** The runtime's float-arithmetic activations, in the package of {@code Activations}. */
  static final ClassName FAST_ACTIVATIONS = RuntimeTypes.ACTIVATIONS.peerClass("FastActivations");

  private ActivationCode() {}

  /**
   * {@code expression} with {@code function} applied, computed as {@code math} says where it
   * applies (float precision, a smooth function); {@code function} must be element-wise.
   */
  public static CodeBlock apply(
      ActivationFunction function, CodeBlock expression, Precision precision, ActivationMath math) {
    ClassName runtime =
        math == ActivationMath.FAST && precision == Precision.FLOAT
            ? FAST_ACTIVATIONS
            : RuntimeTypes.ACTIVATIONS;
    switch (function.kind()) {
      case IDENTITY:
        return expression;
      case STEP:
        return call(RuntimeTypes.ACTIVATIONS, "step", expression);
      case SIGMOID:
        return call(runtime, "sigmoid", expression);
      case TANH:
        return call(runtime, "tanh", expression);
      case RELU:
        return call(RuntimeTypes.ACTIVATIONS, "relu", expression);
      case LEAKY_RELU:
        return CodeBlock.of(
            "$T.leakyRelu($L, $L)", RuntimeTypes.ACTIVATIONS, expression, Literals.of(function.alpha(), precision));
      case SWISH:
        return call(runtime, "swish", expression);
      case GELU:
        return call(runtime, "gelu", expression);
      case GELU_TANH:
        return call(runtime, "geluTanh", expression);
      default:
        throw new IllegalArgumentException(function.kind() + " is not element-wise");
    }
  }

  private static CodeBlock call(ClassName runtime, String method, CodeBlock expression) {
    return CodeBlock.of("$T.$L($L)", runtime, method, expression);
  }
}
