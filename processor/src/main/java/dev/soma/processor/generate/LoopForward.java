package dev.soma.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a forward pass as one loop nest per layer over weight columns: {@code y = b; for each
 * input j: y += column_j * x[j]}, the form HotSpot's C2 vectorises. Hidden activations live in
 * per-thread scratch arrays, allocated once per thread, so calls allocate nothing and instances can
 * be shared between threads.
 */
final class LoopForward {
  private final NetworkModel network;
  private final Precision precision;
  private final String type;
  private final TypeName array;
  private final boolean needsInputBuffer;

  LoopForward(NetworkModel network) {
    this.network = network;
    this.precision = network.precision();
    this.type = precision.javaType();
    this.array = ArrayTypeName.of(precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE);
    this.needsInputBuffer =
        network.methods().stream().anyMatch(m -> m.form() == MethodForm.SCALAR);
  }

  /** Floats (or doubles) of scratch each thread holds: every layer's output, and the inputs for scalar methods. */
  long scratchSize() {
    long size = 0;
    for (Layer layer : network.layers()) {
      size += layer.out();
    }
    return size + (needsInputBuffer ? network.inputs() : 0);
  }

  /** {@code SCRATCH}: one array per layer output, then the input buffer if needed. */
  FieldSpec scratchField() {
    List<String> sizes = new ArrayList<>();
    for (Layer layer : network.layers()) {
      sizes.add("new " + type + "[" + layer.out() + "]");
    }
    if (needsInputBuffer) {
      sizes.add("new " + type + "[" + network.inputs() + "]");
    }
    TypeName matrix = ArrayTypeName.of(array);
    return FieldSpec.builder(
            ParameterizedTypeName.get(ClassNameHolder.THREAD_LOCAL, matrix),
            "SCRATCH",
            Modifier.PRIVATE,
            Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("Per-thread buffers for each layer's output, allocated on a thread's first call.\n")
        .initializer("$T.withInitial(() -> new $L[][] {$L})", ClassNameHolder.THREAD_LOCAL, type, String.join(", ", sizes))
        .build();
  }

  /** {@code forward(x, y)}: every layer in turn, the last writing into {@code y}. */
  MethodSpec forwardMethod() {
    CodeBlock.Builder code = CodeBlock.builder();
    int layers = network.layers().size();
    if (layers == 1) {
      Layer only = network.layers().get(0);
      if (only.in() == only.out()) {
        code.beginControlFlow("if (x == y)");
        code.addStatement("$L[] copy = SCRATCH.get()[0]", type);
        code.addStatement("layer1(x, copy)");
        code.addStatement("System.arraycopy(copy, 0, y, 0, $L)", only.out());
        code.addStatement("return");
        code.endControlFlow();
      }
      code.addStatement("layer1(x, y)");
    } else {
      code.addStatement("$L[][] scratch = SCRATCH.get()", type);
      String input = "x";
      for (int l = 1; l <= layers; l++) {
        String output = l == layers ? "y" : "scratch[" + (l - 1) + "]";
        code.addStatement("layer$L($L, $L)", l, input, output);
        input = output;
      }
    }
    return MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Runs the network on {@code x}, writing the outputs into {@code y}; {@code x} and {@code y} may be the same array.\n")
        .addParameter(array, "x")
        .addParameter(array, "y")
        .addCode(code.build())
        .build();
  }

  /** {@code layerN(x, y)}: one layer's loop nest. */
  MethodSpec layerMethod(Layer layer, boolean skipZeroInputs) {
    int n = layer.number();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L[][] columns = this.w$Lc", type, n);
    code.addStatement("System.arraycopy(this.b$L, 0, y, 0, $L)", n, layer.out());
    code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
    code.addStatement("$L xj = x[j]", type);
    if (skipZeroInputs) {
      code.beginControlFlow("if (xj == 0)");
      code.addStatement("continue");
      code.endControlFlow();
    }
    code.addStatement("$L[] column = columns[j]", type);
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    code.addStatement("y[i] += column[i] * xj");
    code.endControlFlow();
    code.endControlFlow();
    for (ActivationFunction function : layer.activations()) {
      if (function.elementWise()) {
        code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
        code.addStatement("y[i] = $L", ActivationCode.apply(function, CodeBlock.of("y[i]"), precision));
        code.endControlFlow();
      } else {
        code.addStatement("$T.softmax(y, 0, $L)", ActivationCode.ACTIVATIONS, layer.out());
      }
    }
    return MethodSpec.methodBuilder("layer" + n)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L.\n", NetworkClassWriter.capitalised(NetworkClassWriter.describe(layer)))
        .addParameter(array, "x")
        .addParameter(array, "y")
        .addCode(code.build())
        .build();
  }

  /** The body of an interface method: argument checks, then {@code forward}. */
  CodeBlock body(NetworkMethod method) {
    CodeBlock.Builder code = CodeBlock.builder();
    int last = network.layers().size() - 1;
    switch (method.form()) {
      case ARRAY_RETURN:
        {
          String x = method.parameterNames().get(0);
          code.addStatement("$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, x, network.inputs(), x);
          code.addStatement("$L[] y = new $L[$L]", type, type, network.outputs());
          code.addStatement("forward($N, y)", x);
          code.addStatement("return y");
          break;
        }
      case ARRAY_INTO:
        {
          String x = method.parameterNames().get(0);
          String y = method.parameterNames().get(1);
          code.addStatement("$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, x, network.inputs(), x);
          code.addStatement("$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, y, network.outputs(), y);
          code.addStatement("forward($N, $N)", x, y);
          break;
        }
      case ARGMAX:
        {
          String x = method.parameterNames().get(0);
          code.addStatement("$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, x, network.inputs(), x);
          code.addStatement("$L[] y = SCRATCH.get()[$L]", type, last);
          code.addStatement("forward($N, y)", x);
          code.addStatement("int best = 0");
          code.beginControlFlow("for (int i = 1; i < $L; i++)", network.outputs());
          code.beginControlFlow("if (y[i] > y[best])");
          code.addStatement("best = i");
          code.endControlFlow();
          code.endControlFlow();
          code.addStatement("return best");
          break;
        }
      case SCALAR:
        {
          code.addStatement("$L[][] scratch = SCRATCH.get()", type);
          code.addStatement("$L[] x = scratch[$L]", type, last + 1);
          List<String> names = method.parameterNames();
          for (int j = 0; j < names.size(); j++) {
            code.addStatement("x[$L] = $N", j, names.get(j));
          }
          code.addStatement("forward(x, scratch[$L])", last);
          code.addStatement("return scratch[$L][0]", last);
          break;
        }
      default:
        throw new IllegalArgumentException(method.form().toString());
    }
    return code.build();
  }
}
