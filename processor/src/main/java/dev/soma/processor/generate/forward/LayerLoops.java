package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.Precision;

/**
 * The loops every looping writer shares: the forward loops, the batched form and the trainer's
 * forward pass apply activations and skip zero inputs with the same code, so they compute the same
 * bits.
 */
public final class LayerLoops {
  private LayerLoops() {}

  /**
   * {@code out[i] = f(in[i])} over the layer's outputs for an element-wise {@code function}; a
   * copy then {@code Activations.softmax} in place for SOFTMAX. {@code in} and {@code out} may be
   * the same array. {@code math} chooses the smooth functions' implementation (see {@link
   * ActivationCode#apply}).
   */
  public static void addActivation(
      CodeBlock.Builder code,
      Layer layer,
      ActivationFunction function,
      Precision precision,
      ActivationMath math,
      String in,
      String out) {
    if (function.elementWise()) {
      code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
      code.addStatement(
          "$L[i] = $L",
          out,
          ActivationCode.apply(function, CodeBlock.of("$L[i]", in), precision, math));
      code.endControlFlow();
    } else {
      if (!in.equals(out)) {
        code.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", RuntimeTypes.SYSTEM, in, out, layer.out());
      }
      code.addStatement("$T.softmax($L, 0, $L)", RuntimeTypes.ACTIVATIONS, out, layer.out());
    }
  }

  /**
   * Inside a loop over inputs {@code j} with {@code column}, the layer's weights of input {@code j},
   * in scope: takes the input {@code input} as {@code xj}, skips it if it is zero (after ReLU most
   * are, and a zero adds nothing), else adds {@code column[i] * xj} to every {@code row[i]}.
   */
  public static void addNonZeroColumn(
      CodeBlock.Builder code, Layer layer, Precision precision, CodeBlock input, CodeBlock row) {
    String type = precision.javaType();
    code.addStatement("$L xj = $L", type, input);
    code.beginControlFlow("if (xj == 0)");
    code.addStatement("continue");
    code.endControlFlow();
    code.addStatement("$L[] row = $L", type, row);
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    code.addStatement("row[i] += column[i] * xj");
    code.endControlFlow();
  }
}
