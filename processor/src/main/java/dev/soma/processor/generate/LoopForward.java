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
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes a forward pass as one loop nest per layer over weight columns: {@code y = b; for each
 * input j: y += column_j * x[j]}, the form HotSpot's C2 vectorises. Hidden activations live in
 * per-thread scratch arrays, allocated once per thread, so calls allocate nothing and instances can
 * be shared between threads.
 */
final class LoopForward {
  /**
   * Input columns added per pass over a layer's outputs. One column per pass loads and stores every
   * output once per multiply-add; four share those loads and stores. Measured on N2 (784-128-10,
   * JDK 17, AVX-512 Zen 5): see BENCHMARKS.md.
   */
  static final int COLUMNS_PER_PASS = 4;

  private final NetworkModel network;
  private final Precision precision;
  private final String type;
  private final TypeName array;
  private final boolean needsInputBuffer;
  private final Set<String> declaredNames;
  private final SimdLoopForward simd;

  LoopForward(NetworkModel network) {
    this.network = network;
    this.precision = network.precision();
    this.type = precision.javaType();
    this.array = ArrayTypeName.of(precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE);
    this.needsInputBuffer = network.methods().stream().anyMatch(m -> m.form() == MethodForm.SCALAR);
    this.declaredNames =
        network.methods().stream().map(NetworkMethod::name).collect(Collectors.toSet());
    this.simd = network.simd() ? new SimdLoopForward(network, this) : null;
  }

  /**
   * The name of a private helper: {@code base}, with underscores appended while an interface method
   * has that name, so a user's {@code void forward(float[] x, float[] y)} does not clash with it.
   */
  private String helper(String base) {
    String name = base;
    while (declaredNames.contains(name)) {
      name += "_";
    }
    return name;
  }

  /**
   * Floats (or doubles) of scratch each thread holds: every layer's output, and the inputs for
   * scalar methods.
   */
  long scratchSize() {
    long size = 0;
    for (Layer layer : network.layers()) {
      size += layer.out();
    }
    return size + (needsInputBuffer ? network.inputs() : 0);
  }

  /** Whether {@code layer} follows one whose activation makes exact zeros common (ReLU, step). */
  private boolean skipsZeroInputs(Layer layer) {
    int index = layer.number() - 1;
    return index > 0 && network.layers().get(index - 1).producesZeros();
  }

  /** Length of the per-thread list of non-zero inputs: the widest skipping layer's input, or 0. */
  private int liveInputsSize() {
    int size = 0;
    for (Layer layer : network.layers()) {
      if (skipsZeroInputs(layer)) {
        size = Math.max(size, layer.in());
      }
    }
    return size;
  }

  /**
   * The per-thread scratch fields: {@code SCRATCH}, and {@code LIVE_INPUTS} if a layer skips zeros.
   */
  List<FieldSpec> scratchFields() {
    List<FieldSpec> fields = new ArrayList<>();
    fields.add(scratchField());
    if (simd != null) {
      fields.addAll(simd.fields());
    }
    if (liveInputsSize() > 0) {
      fields.add(
          FieldSpec.builder(
                  ParameterizedTypeName.get(
                      ClassNameHolder.THREAD_LOCAL, TypeName.get(int[].class)),
                  "LIVE_INPUTS",
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .addJavadoc(
                  "Per-thread list of the non-zero inputs of layers that follow a ReLU or step.\n")
              .initializer(
                  "$T.withInitial(() -> new int[$L])",
                  ClassNameHolder.THREAD_LOCAL,
                  liveInputsSize())
              .build());
    }
    return fields;
  }

  /** {@code SCRATCH}: one array per layer output, then the input buffer if needed. */
  private FieldSpec scratchField() {
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
        .addJavadoc(
            "Per-thread buffers for each layer's output, allocated on a thread's first call.\n")
        .initializer(
            "$T.withInitial(() -> new $L[][] {$L})",
            ClassNameHolder.THREAD_LOCAL,
            type,
            String.join(", ", sizes))
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
        code.addStatement("$N(x, copy)", helper("layer1"));
        code.addStatement("System.arraycopy(copy, 0, y, 0, $L)", only.out());
        code.addStatement("return");
        code.endControlFlow();
      }
      code.addStatement("$N(x, y)", helper("layer1"));
    } else {
      code.addStatement("$L[][] scratch = SCRATCH.get()", type);
      if (liveInputsSize() > 0) {
        code.addStatement("int[] live = LIVE_INPUTS.get()");
      }
      String input = "x";
      for (int l = 1; l <= layers; l++) {
        String output = l == layers ? "y" : "scratch[" + (l - 1) + "]";
        boolean skips = skipsZeroInputs(network.layers().get(l - 1));
        code.addStatement(
            "$N($L, $L$L)", helper("layer" + l), input, output, skips ? ", live" : "");
        input = output;
      }
    }
    return MethodSpec.methodBuilder(helper("forward"))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Runs the network on {@code x}, writing the outputs into {@code y}; {@code x} and"
                + " {@code y} may be the same array.\n")
        .addParameter(array, "x")
        .addParameter(array, "y")
        .addCode(code.build())
        .build();
  }

  /**
   * {@code layerN(x, y)}, or {@code layerN(x, y, live)} when it skips zero inputs: one layer's loop
   * nest.
   */
  MethodSpec layerMethod(Layer layer) {
    int n = layer.number();
    boolean skipZeroInputs = skipsZeroInputs(layer);
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L[][] columns = this.w$Lc", type, n);
    if (simd != null) {
      if (skipZeroInputs) {
        addLiveInputs(code, layer);
      }
      simd.addSums(code, layer, skipZeroInputs);
      simd.addActivations(code, layer);
    } else {
      code.addStatement("System.arraycopy(this.b$L, 0, y, 0, $L)", n, layer.out());
      if (skipZeroInputs) {
        addLiveInputs(code, layer);
      }
      addColumnLoops(code, layer, skipZeroInputs, "0");
      for (ActivationFunction function : layer.activations()) {
        addActivation(code, layer, function);
      }
    }
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(helper("layer" + n))
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc("$L.\n", NetworkClassWriter.capitalised(NetworkClassWriter.describe(layer)))
            .addParameter(array, "x")
            .addParameter(array, "y");
    if (skipZeroInputs) {
      method.addParameter(int[].class, "live");
    }
    return method.addCode(code.build()).build();
  }

  /** Lists the indices of the non-zero inputs in {@code live} and their number in {@code count}. */
  private void addLiveInputs(CodeBlock.Builder code, Layer layer) {
    code.add(
        "// Inputs that are exactly zero add nothing: list the others, then add their columns.\n");
    code.addStatement("int count = 0");
    code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
    code.beginControlFlow("if (x[j] != 0)");
    code.addStatement("live[count++] = j");
    code.endControlFlow();
    code.endControlFlow();
  }

  /**
   * Adds every input's column to outputs {@code from} to the end, which hold the bias: {@value
   * #COLUMNS_PER_PASS} columns per pass, then the rest one by one; only the listed live inputs when
   * {@code skipZeroInputs}.
   */
  void addColumnLoops(CodeBlock.Builder code, Layer layer, boolean skipZeroInputs, String from) {
    if (skipZeroInputs) {
      code.addStatement("int k = 0");
      code.beginControlFlow("for (; k + $L <= count; k += $L)", COLUMNS_PER_PASS, COLUMNS_PER_PASS);
      for (int c = 0; c < COLUMNS_PER_PASS; c++) {
        code.addStatement("int j$L = live[$L]", c, c == 0 ? "k" : "k + " + c);
      }
      addColumnsPass(code, layer, COLUMNS_PER_PASS, from);
      code.endControlFlow();
      code.beginControlFlow("for (; k < count; k++)");
      code.addStatement("int j0 = live[k]");
      addColumnsPass(code, layer, 1, from);
      code.endControlFlow();
    } else {
      int blocked = layer.in() - layer.in() % COLUMNS_PER_PASS;
      if (blocked > 0) {
        code.beginControlFlow("for (int j = 0; j < $L; j += $L)", blocked, COLUMNS_PER_PASS);
        for (int c = 0; c < COLUMNS_PER_PASS; c++) {
          code.addStatement("int j$L = $L", c, c == 0 ? "j" : "j + " + c);
        }
        addColumnsPass(code, layer, COLUMNS_PER_PASS, from);
        code.endControlFlow();
      }
      if (blocked < layer.in()) {
        code.beginControlFlow("for (int j0 = $L; j0 < $L; j0++)", blocked, layer.in());
        addColumnsPass(code, layer, 1, from);
        code.endControlFlow();
      }
    }
  }

  /** Applies {@code function} to the layer's outputs, one element at a time. */
  void addActivation(CodeBlock.Builder code, Layer layer, ActivationFunction function) {
    if (function.elementWise()) {
      code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
      code.addStatement(
          "y[i] = $L", ActivationCode.apply(function, CodeBlock.of("y[i]"), precision));
      code.endControlFlow();
    } else {
      code.addStatement("$T.softmax(y, 0, $L)", ActivationCode.ACTIVATIONS, layer.out());
    }
  }

  /**
   * One pass over the outputs adding the columns of inputs {@code j0 .. j(count-1)}: {@code y[i] =
   * y[i] + c0[i] * x0 + c1[i] * x1 + ...}. Java adds left to right, so the sum order is the same as
   * one pass per input, bit for bit, while each pass loads and stores {@code y} once for {@code
   * count} inputs. C2 vectorises the inner loop: every array is indexed by {@code i} alone.
   */
  private void addColumnsPass(CodeBlock.Builder code, Layer layer, int count, String from) {
    StringBuilder sum = new StringBuilder("y[i]");
    for (int c = 0; c < count; c++) {
      code.addStatement("$L[] c$L = columns[j$L]", type, c, c);
      code.addStatement("$L x$L = x[j$L]", type, c, c);
      sum.append(" + c").append(c).append("[i] * x").append(c);
    }
    code.beginControlFlow("for (int i = $L; i < $L; i++)", from, layer.out());
    code.addStatement("y[i] = $L", sum);
    code.endControlFlow();
  }

  /** The body of an interface method: argument checks, then {@code forward}. */
  CodeBlock body(NetworkMethod method) {
    CodeBlock.Builder code = CodeBlock.builder();
    int last = network.layers().size() - 1;
    switch (method.form()) {
      case ARRAY_RETURN:
        {
          String x = method.parameterNames().get(0);
          code.addStatement(
              "$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, x, network.inputs(), x);
          code.addStatement("$L[] y = new $L[$L]", type, type, network.outputs());
          code.addStatement("$N($N, y)", helper("forward"), x);
          code.addStatement("return y");
          break;
        }
      case ARRAY_INTO:
        {
          String x = method.parameterNames().get(0);
          String y = method.parameterNames().get(1);
          code.addStatement(
              "$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, x, network.inputs(), x);
          code.addStatement(
              "$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, y, network.outputs(), y);
          code.addStatement("$N($N, $N)", helper("forward"), x, y);
          break;
        }
      case ARGMAX:
        {
          String x = method.parameterNames().get(0);
          code.addStatement(
              "$T.length($N, $L, $S)", NetworkClassWriter.CHECKS, x, network.inputs(), x);
          code.addStatement("$L[] y = SCRATCH.get()[$L]", type, last);
          code.addStatement("$N($N, y)", helper("forward"), x);
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
          code.addStatement("$N(x, scratch[$L])", helper("forward"), last);
          code.addStatement("return scratch[$L][0]", last);
          break;
        }
      default:
        throw new IllegalArgumentException(method.form().toString());
    }
    return code.build();
  }
}
