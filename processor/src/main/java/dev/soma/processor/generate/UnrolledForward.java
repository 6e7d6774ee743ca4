package dev.soma.processor.generate;

import com.palantir.javapoet.CodeBlock;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a whole forward pass as straight-line code over local variables: one statement per
 * neuron, {@code float h1_0 = Activations.relu(0.5f + 0.1f * x0 + 0.4f * x1 + 0.5f * x2);}. The sum
 * runs bias first, then inputs in order: the same order as the loop form, so both give the same bits.
 */
final class UnrolledForward {
  /** Terms per source line in long sums. */
  private static final int TERMS_PER_LINE = 4;

  private final NetworkModel network;
  private final Precision precision;
  private final String type;
  private final boolean literalWeights;

  UnrolledForward(NetworkModel network, boolean literalWeights) {
    this.network = network;
    this.precision = network.precision();
    this.type = precision.javaType();
    this.literalWeights = literalWeights;
  }

  /** The body of {@code method}: checks, the forward pass, and the result in the method's form. */
  CodeBlock body(NetworkMethod method) {
    return body(method, true);
  }

  /** Like {@link #body(NetworkMethod)}; without {@code checkLengths} when the caller checked them. */
  CodeBlock body(NetworkMethod method, boolean checkLengths) {
    CodeBlock.Builder code = CodeBlock.builder();
    List<String> inputs = new ArrayList<>();
    if (method.form() == MethodForm.SCALAR) {
      inputs.addAll(method.parameterNames());
    } else {
      String x = method.parameterNames().get(0);
      if (checkLengths) {
        code.addStatement("$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, x, network.inputs(), x);
      }
      if (checkLengths && method.form() == MethodForm.ARRAY_INTO) {
        String y = method.parameterNames().get(1);
        code.addStatement("$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, y, network.outputs(), y);
      }
      for (int j = 0; j < network.inputs(); j++) {
        code.addStatement("$L x$L = $N[$L]", type, j, x, j);
        inputs.add("x" + j);
      }
    }
    if (!literalWeights) {
      for (Layer layer : network.layers()) {
        code.addStatement("$L[] w$L = this.w$L", type, layer.number(), layer.number());
        code.addStatement("$L[] b$L = this.b$L", type, layer.number(), layer.number());
      }
    }
    List<String> values = inputs;
    for (Layer layer : network.layers()) {
      code.add("\n// $L\n", NetworkClassWriter.describe(layer));
      values = layer(code, layer, values);
    }
    code.add("\n");
    result(code, method, values);
    return code.build();
  }

  private List<String> layer(CodeBlock.Builder code, Layer layer, List<String> inputs) {
    int n = layer.number();
    List<CodeBlock> current = new ArrayList<>();
    for (int i = 0; i < layer.out(); i++) {
      current.add(sum(layer, i, inputs));
    }
    for (ActivationFunction function : layer.activations()) {
      if (function.elementWise()) {
        List<CodeBlock> applied = new ArrayList<>();
        for (CodeBlock expression : current) {
          applied.add(ActivationCode.apply(function, expression, precision));
        }
        current = applied;
      } else {
        current = softmax(code, n, materialise(code, "z" + n + "_", current));
      }
    }
    List<String> outputs = materialise(code, "h" + n + "_", current);
    return outputs;
  }

  /** {@code b_i + w_i0 * x0 + w_i1 * x1 + ...}, a few terms per line. */
  private CodeBlock sum(Layer layer, int i, List<String> inputs) {
    int n = layer.number();
    StringBuilder sum = new StringBuilder();
    sum.append(literalWeights ? Literals.of(layer.bias().orElseThrow()[i], precision) : "b" + n + "[" + i + "]");
    double[] weights = literalWeights ? layer.weights().orElseThrow() : null;
    for (int j = 0; j < layer.in(); j++) {
      int k = i * layer.in() + j;
      sum.append((j + 1) % TERMS_PER_LINE == 0 ? "\n    + " : " + ");
      sum.append(literalWeights ? Literals.of(weights[k], precision) : "w" + n + "[" + k + "]");
      sum.append(" * ").append(inputs.get(j));
    }
    return CodeBlock.of("$L", sum);
  }

  private List<String> materialise(CodeBlock.Builder code, String prefix, List<CodeBlock> expressions) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      String name = prefix + i;
      code.addStatement("$L $L = $L", type, name, expressions.get(i));
      names.add(name);
    }
    return names;
  }

  /** Stable softmax over locals: subtract the maximum, exponentiate, normalise. */
  private List<CodeBlock> softmax(CodeBlock.Builder code, int n, List<String> z) {
    String max = "max" + n;
    code.addStatement("$L $L = $L", type, max, z.get(0));
    for (int i = 1; i < z.size(); i++) {
      code.addStatement("$L = Math.max($L, $L)", max, max, z.get(i));
    }
    String cast = precision == Precision.FLOAT ? "(float) " : "";
    List<String> exps = new ArrayList<>();
    for (int i = 0; i < z.size(); i++) {
      String e = "e" + n + "_" + i;
      code.addStatement("$L $L = $LMath.exp($L - $L)", type, e, cast, z.get(i), max);
      exps.add(e);
    }
    String total = "sum" + n;
    code.addStatement("$L $L = $L", type, total, String.join(" + ", exps));
    List<CodeBlock> normalised = new ArrayList<>();
    for (String e : exps) {
      normalised.add(CodeBlock.of("$L / $L", e, total));
    }
    return normalised;
  }

  private void result(CodeBlock.Builder code, NetworkMethod method, List<String> outputs) {
    switch (method.form()) {
      case SCALAR:
        code.addStatement("return $L", outputs.get(0));
        break;
      case ARRAY_RETURN:
        code.addStatement("return new $L[] {$L}", type, String.join(", ", outputs));
        break;
      case ARRAY_INTO:
        String y = method.parameterNames().get(1);
        for (int i = 0; i < outputs.size(); i++) {
          code.addStatement("$N[$L] = $L", y, i, outputs.get(i));
        }
        break;
      case ARGMAX:
        code.addStatement("int best = 0");
        code.addStatement("$L largest = $L", type, outputs.get(0));
        for (int i = 1; i < outputs.size(); i++) {
          code.beginControlFlow("if ($L > largest)", outputs.get(i));
          code.addStatement("best = $L", i);
          code.addStatement("largest = $L", outputs.get(i));
          code.endControlFlow();
        }
        code.addStatement("return best");
        break;
      default:
        throw new IllegalArgumentException(method.form().toString());
    }
  }
}
