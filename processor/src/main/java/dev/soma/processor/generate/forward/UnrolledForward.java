package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a whole forward pass as straight-line code over local variables: one statement per
 * neuron, {@code float h1_0 = Activations.relu(0.5f + 0.1f * weather + 0.4f * venue + ...);}. The
 * sum runs bias first, then inputs in order: the same order as the loop form, so both give the
 * same bits. Scalar parameters are used by their own names; locals are allocated around them.
 */
public final class UnrolledForward implements ForwardPass {
  /** Terms per source line in long sums. */
  private static final int TERMS_PER_LINE = 4;

  private final GeneratorContext context;
  private final boolean literalWeights;

  /** With {@code literalWeights}, the weights are written into the code as literals. */
  public UnrolledForward(GeneratorContext context, boolean literalWeights) {
    this.context = context;
    this.literalWeights = literalWeights;
  }

  @Override
  public CodeBlock body(NetworkMethod method) {
    return body(method, true);
  }

  @Override
  public List<FieldSpec> fields() {
    return List.of();
  }

  @Override
  public List<MethodSpec> helpers() {
    return List.of();
  }

  @Override
  public long scratchValues() {
    return 0;
  }

  /** Like {@link #body(NetworkMethod)}; without {@code checkLengths} when the caller checked them. */
  CodeBlock body(NetworkMethod method, boolean checkLengths) {
    NameAllocator names = context.locals(method);
    String type = context.keyword();
    CodeBlock.Builder code = CodeBlock.builder();
    List<String> inputs = new ArrayList<>();
    if (method.form() == MethodForm.SCALAR) {
      inputs.addAll(method.parameterNames());
    } else {
      String x = method.parameterNames().get(0);
      if (checkLengths) {
        context.checkLength(code, x, context.network().inputs());
      }
      if (checkLengths && method.form() == MethodForm.ARRAY_INTO) {
        context.checkLength(code, method.parameterNames().get(1), context.network().outputs());
      }
      for (int j = 0; j < context.network().inputs(); j++) {
        String input = names.newName("x" + j);
        code.addStatement("$L $N = $N[$L]", type, input, x, j);
        inputs.add(input);
      }
    }
    List<String> weights = new ArrayList<>();
    List<String> biases = new ArrayList<>();
    for (Layer layer : context.network().layers()) {
      if (literalWeights) {
        break;
      }
      int n = layer.number();
      String w = names.newName("w" + n);
      String b = names.newName("b" + n);
      code.addStatement("$L[] $N = this.$N", type, w, context.member("w" + n));
      code.addStatement("$L[] $N = this.$N", type, b, context.member("b" + n));
      weights.add(w);
      biases.add(b);
    }
    List<String> values = inputs;
    for (Layer layer : context.network().layers()) {
      code.add("\n// $L\n", GeneratorContext.describe(layer));
      String w = literalWeights ? null : weights.get(layer.number() - 1);
      String b = literalWeights ? null : biases.get(layer.number() - 1);
      values = layer(code, names, layer, values, w, b);
    }
    code.add("\n");
    result(code, names, method, values);
    return code.build();
  }

  private List<String> layer(
      CodeBlock.Builder code,
      NameAllocator names,
      Layer layer,
      List<String> inputs,
      String weights,
      String bias) {
    int n = layer.number();
    List<CodeBlock> current = new ArrayList<>();
    if (layer.isLayerNorm()) {
      current = LayerNormCode.unrolled(code, names, context, layer, inputs, weights, bias);
    } else {
      for (int i = 0; i < layer.out(); i++) {
        current.add(sum(layer, i, inputs, weights, bias));
      }
    }
    boolean applied = false;
    int stage = 0;
    for (ActivationFunction function : layer.activations()) {
      stage++;
      if (function.elementWise() && applied) {
        // one activation per statement: a long chain nested in one expression would be as deep
        current = expressions(materialise(code, names, "a" + n + "_" + stage + "_", current));
      }
      applied = function.elementWise();
      if (function.elementWise()) {
        List<CodeBlock> next = new ArrayList<>();
        for (CodeBlock expression : current) {
          next.add(context.activation(function, expression));
        }
        current = next;
      } else {
        current = softmax(code, names, n, materialise(code, names, "z" + n + "_", current));
      }
    }
    return materialise(code, names, "h" + n + "_", current);
  }

  private static List<CodeBlock> expressions(List<String> locals) {
    List<CodeBlock> expressions = new ArrayList<>();
    for (String local : locals) {
      expressions.add(CodeBlock.of("$N", local));
    }
    return expressions;
  }

  /** {@code b_i + w_i0 * x0 + w_i1 * x1 + ...}, a few terms per line. */
  private CodeBlock sum(Layer layer, int i, List<String> inputs, String weights, String bias) {
    StringBuilder sum = new StringBuilder();
    sum.append(literalWeights ? context.literal(layer.bias().orElseThrow()[i]) : bias + "[" + i + "]");
    double[] values = literalWeights ? layer.weights().orElseThrow() : null;
    for (int j = 0; j < layer.in(); j++) {
      int k = i * layer.in() + j;
      sum.append((j + 1) % TERMS_PER_LINE == 0 ? "\n    + " : " + ");
      sum.append(literalWeights ? context.literal(values[k]) : weights + "[" + k + "]");
      sum.append(" * ").append(inputs.get(j));
    }
    return CodeBlock.of("$L", sum);
  }

  private List<String> materialise(
      CodeBlock.Builder code, NameAllocator names, String prefix, List<CodeBlock> expressions) {
    List<String> locals = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      String name = names.newName(prefix + i);
      code.addStatement("$L $N = $L", context.keyword(), name, expressions.get(i));
      locals.add(name);
    }
    return locals;
  }

  /** Stable softmax over locals: subtract the maximum, exponentiate, normalise. */
  private List<CodeBlock> softmax(
      CodeBlock.Builder code, NameAllocator names, int n, List<String> z) {
    String type = context.keyword();
    String max = names.newName("max" + n);
    code.addStatement("$L $N = $N", type, max, z.get(0));
    for (int i = 1; i < z.size(); i++) {
      code.addStatement("$N = $T.max($N, $N)", max, RuntimeTypes.MATH, max, z.get(i));
    }
    String cast = type.equals("float") ? "(float) " : "";
    List<String> exps = new ArrayList<>();
    for (int i = 0; i < z.size(); i++) {
      String e = names.newName("e" + n + "_" + i);
      code.addStatement("$L $N = $L$T.exp($N - $N)", type, e, cast, RuntimeTypes.MATH, z.get(i), max);
      exps.add(e);
    }
    String total = names.newName("sum" + n);
    code.addStatement("$L $N = $L", type, total, String.join(" + ", exps));
    List<CodeBlock> normalised = new ArrayList<>();
    for (String e : exps) {
      normalised.add(CodeBlock.of("$N / $N", e, total));
    }
    return normalised;
  }

  private void result(
      CodeBlock.Builder code, NameAllocator names, NetworkMethod method, List<String> outputs) {
    String type = context.keyword();
    switch (method.form()) {
      case SCALAR:
        code.addStatement("return $N", outputs.get(0));
        break;
      case ARRAY_RETURN:
        code.addStatement("return new $L[] {$L}", type, String.join(", ", outputs));
        break;
      case ARRAY_INTO:
        String y = method.parameterNames().get(1);
        for (int i = 0; i < outputs.size(); i++) {
          code.addStatement("$N[$L] = $N", y, i, outputs.get(i));
        }
        break;
      case ARGMAX:
        String best = names.newName("best");
        String largest = names.newName("largest");
        code.addStatement("int $N = 0", best);
        code.addStatement("$L $N = $N", type, largest, outputs.get(0));
        for (int i = 1; i < outputs.size(); i++) {
          code.beginControlFlow("if ($N > $N)", outputs.get(i), largest);
          code.addStatement("$N = $L", best, i);
          code.addStatement("$N = $N", largest, outputs.get(i));
          code.endControlFlow();
        }
        code.addStatement("return $N", best);
        break;
      default:
        throw new IllegalArgumentException(method.form().toString());
    }
  }
}
