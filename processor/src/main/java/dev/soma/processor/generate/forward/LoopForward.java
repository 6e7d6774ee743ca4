package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.soma.Storage;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a forward pass as one loop nest per layer over weight columns: {@code y = b; for each
 * input j: y += column_j * x[j]}, the form HotSpot's C2 vectorises. Hidden activations live in
 * per-thread scratch arrays, allocated once per thread, so calls allocate nothing and instances can
 * be shared between threads. {@link SimdForward} replaces the layer loops with Vector API code.
 */
public class LoopForward implements ForwardPass {
  /**
   * Input columns added per pass over a layer's outputs. One column per pass loads and stores every
   * output once per multiply-add; four share those loads and stores (BENCHMARKS.md, "Columns per
   * pass").
   */
  static final int COLUMNS_PER_PASS = 4;

  final GeneratorContext context;
  final NetworkModel network;
  final String type;
  private final boolean needsInputBuffer;
  /** INT8 storage: byte columns summed from zero, then scaled and biased ({@link WeightStorageCode}). */
  final boolean int8;
  /**
   * INT8 without the Vector API. Networks whose float weights fit in a core's L2 ({@link
   * Int8PairLoops#pays}) read float copies of the int8 columns, made by the constructor: there the
   * float loops were the fastest on JDK 17 and 25 alike. Bigger networks ({@link #compactInt8}) read
   * the byte columns where C2 vectorises that loop (JDK 25 and later), else the int8 values two to
   * a float ({@link Int8PairLoops}); the flag {@code INT8_COLUMNS} is a constant once the class
   * loads, so C2 compiles one branch.
   */
  private final boolean plainInt8;

  /** Plain INT8 too big for a core's L2: byte columns or pairs, by {@code INT8_COLUMNS}. */
  private final boolean compactInt8;

  public LoopForward(GeneratorContext context) {
    this.context = context;
    this.network = context.network();
    this.type = context.keyword();
    this.needsInputBuffer =
        network.methods().stream().anyMatch(m -> m.form() == MethodForm.SCALAR);
    this.int8 = network.storage() == Storage.INT8;
    this.plainInt8 = int8 && !network.simd();
    this.compactInt8 = plainInt8 && Int8PairLoops.pays(network);
  }

  @Override
  public long scratchValues() {
    long size = 0;
    for (Layer layer : network.layers()) {
      size += layer.out();
    }
    return size + (needsInputBuffer ? network.inputs() : 0) + liveInputsSize() + (alternates() ? 1 : 0);
  }

  /**
   * Whether {@code layer}'s passes over its outputs run in reverse order on every other call
   * ({@link SimdForward}); its method then takes {@code backwards}. None here: the plain loops make
   * one pass per group of input columns.
   */
  boolean reversesPasses(Layer layer) {
    return false;
  }

  /** Whether some layer reverses its passes, so the scratch holds this thread's order. */
  final boolean alternates() {
    return network.layers().stream().anyMatch(this::reversesPasses);
  }

  /** Index of the scratch array whose element 0 records the order of the last call's passes. */
  private int orderIndex() {
    return network.layers().size() + (needsInputBuffer ? 1 : 0);
  }

  /** Whether {@code layer} follows one whose activation makes exact zeros common (ReLU, step). */
  final boolean skipsZeroInputs(Layer layer) {
    int index = layer.number() - 1;
    return index > 0 && !layer.isLayerNorm() && network.layers().get(index - 1).producesZeros();
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

  /** {@code SCRATCH}, one array per layer output then the input buffer; {@code LIVE_INPUTS}. */
  @Override
  public List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    List<String> sizes = new ArrayList<>();
    for (Layer layer : network.layers()) {
      sizes.add("new " + type + "[" + layer.out() + "]");
    }
    if (needsInputBuffer) {
      sizes.add("new " + type + "[" + network.inputs() + "]");
    }
    if (alternates()) {
      sizes.add("new " + type + "[1]");
    }
    fields.add(
        FieldSpec.builder(
                ParameterizedTypeName.get(RuntimeTypes.SCRATCH, context.matrix()),
                context.member("SCRATCH"),
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc(
                "Buffers for each layer's output$L: per platform thread, or borrowed for one call on a virtual\n"
                    + "thread.\n",
                alternates() ? " (last, the order of this thread's last passes)" : "")
            .initializer("$T.of(() -> new $L[][] {$L})", RuntimeTypes.SCRATCH, type, String.join(", ", sizes))
            .build());
    if (liveInputsSize() > 0) {
      fields.add(
          FieldSpec.builder(
                  ParameterizedTypeName.get(RuntimeTypes.SCRATCH, TypeName.get(int[].class)),
                  context.member("LIVE_INPUTS"),
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .addJavadoc("The indices of the non-zero inputs of layers that follow a ReLU or step.\n")
              .initializer("$T.of(() -> new int[$L])", RuntimeTypes.SCRATCH, liveInputsSize())
              .build());
    }
    if (plainInt8) {
      addFloatColumnFields(fields);
    }
    return fields;
  }

  /**
   * Plain INT8: per layer {@code wNf}, the int8 columns as floats; or, too big for a core's L2,
   * {@code INT8_COLUMNS} and per layer {@code wNp}, the int8 columns paired in floats or null.
   */
  private void addFloatColumnFields(List<FieldSpec> fields) {
    if (compactInt8) {
      fields.add(
          FieldSpec.builder(
                  TypeName.BOOLEAN, context.member("INT8_COLUMNS"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "Whether the layers read the int8 columns themselves, on JVMs whose C2 vectorises that loop (JDK\n"
                      + "25 and later), or the values two to a float: decided once, when the class loads.\n")
              .initializer("$T.int8LoopsVectorise()", RuntimeTypes.QUANTIZATION)
              .build());
    }
    for (Layer layer : network.layers()) {
      if (!layer.isLayerNorm()) {
        int n = layer.number();
        fields.add(
            compactInt8
                ? Int8PairLoops.field(context, n)
                : FieldSpec.builder(float[][].class, context.member("w" + n + "f"), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Layer $L's int8 weights as floats, {@code w$Lf[j][i] == w$Lc[j][i]}.\n", n, n, n)
                    .build());
      }
    }
  }

  /** Plain INT8: float copies of the int8 columns, or pairs unless this JVM reads the bytes fast. */
  @Override
  public void addConstructorCode(CodeBlock.Builder code) {
    if (!plainInt8) {
      return;
    }
    for (Layer layer : network.layers()) {
      if (layer.isLayerNorm()) {
        continue;
      }
      int n = layer.number();
      if (compactInt8) {
        code.addStatement(
            "this.$N = $N ? null : $T.pairedColumns(this.$N)",
            context.member("w" + n + "p"),
            context.member("INT8_COLUMNS"),
            RuntimeTypes.QUANTIZATION,
            context.member("w" + n + "c"));
      } else {
        code.addStatement(
            "this.$N = $T.floatColumns(this.$N)",
            context.member("w" + n + "f"),
            RuntimeTypes.QUANTIZATION,
            context.member("w" + n + "c"));
      }
    }
  }

  /** {@code forward(x, y)} and one {@code layerN} per layer. */
  @Override
  public List<MethodSpec> helpers() {
    List<MethodSpec> helpers = new ArrayList<>();
    helpers.addAll(forwardMethods());
    for (Layer layer : network.layers()) {
      helpers.add(layerMethod(layer));
    }
    return helpers;
  }

  /** Whether the layer passes keep a list of non-zero inputs, {@code live}. */
  private boolean hasLiveInputs() {
    return liveInputsSize() > 0;
  }

  /**
   * Takes this call's scratch (and list of non-zero inputs) into {@code scratch} (and {@code live})
   * and opens the {@code try} whose {@code finally}, {@link #giveScratch}, gives them back.
   */
  private void takeScratch(CodeBlock.Builder code, String scratch, String live) {
    code.addStatement("$L[][] $N = $N.take()", type, scratch, context.member("SCRATCH"));
    if (hasLiveInputs()) {
      code.addStatement("int[] $N = $N.take()", live, context.member("LIVE_INPUTS"));
    }
    code.beginControlFlow("try");
  }

  private void giveScratch(CodeBlock.Builder code, String scratch, String live) {
    code.nextControlFlow("finally");
    if (hasLiveInputs()) {
      code.addStatement("$N.give($N)", context.member("LIVE_INPUTS"), live);
    }
    code.addStatement("$N.give($N)", context.member("SCRATCH"), scratch);
    code.endControlFlow();
  }

  /** {@code run(x, y, scratch[, live])}: the call's buffers given; {@code forward(x, y)}: taken here. */
  private List<MethodSpec> forwardMethods() {
    int layers = network.layers().size();
    Layer first = network.layers().get(0);
    CodeBlock.Builder run = CodeBlock.builder();
    if (layers == 1 && first.in() == first.out()) {
      run.beginControlFlow("if (x == y)");
      run.addStatement("$N(x, scratch[0])", context.member("layer1"));
      run.addStatement("$T.arraycopy(scratch[0], 0, y, 0, $L)", RuntimeTypes.SYSTEM, first.out());
      run.addStatement("return");
      run.endControlFlow();
    }
    if (alternates()) {
      run.add(
          "// Passes in reverse order on every other call of this thread: the weights the last call read\n"
              + "// last are still in the cache (BENCHMARKS.md, \"Passes in alternating order\").\n");
      run.addStatement("$L[] order = scratch[$L]", type, orderIndex());
      run.addStatement("boolean backwards = order[0] == 0");
      run.addStatement("order[0] = backwards ? 1 : 0");
    }
    String input = "x";
    for (int l = 1; l <= layers; l++) {
      String output = l == layers ? "y" : "scratch[" + (l - 1) + "]";
      Layer layer = network.layers().get(l - 1);
      boolean skips = skipsZeroInputs(layer);
      run.addStatement(
          "$N($L, $L$L$L)",
          context.member("layer" + l),
          input,
          output,
          skips ? ", live" : "",
          reversesPasses(layer) ? ", backwards" : "");
      input = output;
    }
    MethodSpec.Builder runMethod =
        MethodSpec.methodBuilder(context.member("run"))
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Runs the network on {@code x} into {@code y}, which may be the same array, with this call's"
                    + " buffers.\n")
            .addParameter(context.array(), "x")
            .addParameter(context.array(), "y")
            .addParameter(context.matrix(), "scratch");
    if (hasLiveInputs()) {
      runMethod.addParameter(int[].class, "live");
    }
    CodeBlock.Builder forward = CodeBlock.builder();
    if (layers == 1 && first.in() != first.out()) {
      // one layer into an array that cannot be its input: no buffers, so no record of the last order
      forward.addStatement("$N(x, y$L)", context.member("layer1"), reversesPasses(first) ? ", false" : "");
    } else {
      takeScratch(forward, "scratch", "live");
      forward.addStatement("$N(x, y, scratch$L)", context.member("run"), hasLiveInputs() ? ", live" : "");
      giveScratch(forward, "scratch", "live");
    }
    MethodSpec forwardMethod =
        MethodSpec.methodBuilder(context.member("forward"))
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "Runs the network on {@code x}, writing the outputs into {@code y}; {@code x} and"
                    + " {@code y} may be the same array.\n")
            .addParameter(context.array(), "x")
            .addParameter(context.array(), "y")
            .addCode(forward.build())
            .build();
    return List.of(forwardMethod, runMethod.addCode(run.build()).build());
  }

  /**
   * {@code layerN(x, y)}, with {@code live} when it skips zero inputs and {@code backwards} when it
   * reverses its passes.
   */
  private MethodSpec layerMethod(Layer layer) {
    int n = layer.number();
    boolean skipZeroInputs = skipsZeroInputs(layer);
    CodeBlock.Builder code = CodeBlock.builder();
    if (layer.isLayerNorm()) {
      LayerNormCode.applyWithFields(code, context, layer, CodeBlock.of("x"), CodeBlock.of("y"));
    } else if (compactInt8) {
      // the same products (float) q * x, added in the same order, on either branch
      code.beginControlFlow("if ($N)", context.member("INT8_COLUMNS"));
      code.addStatement("byte[][] columns = this.$N", context.member("w" + n + "c"));
      addSums(code, layer, skipZeroInputs, "byte");
      code.nextControlFlow("else");
      code.addStatement("float[][] pairs = this.$N", context.member("w" + n + "p"));
      Int8PairLoops.addSums(code, context, layer, skipZeroInputs);
      code.endControlFlow();
    } else if (plainInt8) {
      // (float) q is exact: the same products as the byte loops
      code.addStatement("float[][] columns = this.$N", context.member("w" + n + "f"));
      addSums(code, layer, skipZeroInputs, "float");
    } else {
      code.addStatement(
          "$L[][] columns = this.$N", WeightStorageCode.columnType(context), context.member("w" + n + "c"));
      addSums(code, layer, skipZeroInputs);
    }
    addActivations(code, layer);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(context.member("layer" + n))
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc("$L.\n", GeneratorContext.describeCapitalised(layer))
            .addParameter(context.array(), "x")
            .addParameter(context.array(), "y");
    if (skipZeroInputs) {
      method.addParameter(int[].class, "live");
    }
    if (reversesPasses(layer)) {
      method.addParameter(TypeName.BOOLEAN, "backwards");
    }
    return method.addCode(code.build()).build();
  }

  /** Fills {@code y} with the layer's sums, bias first, then every (non-zero) input in order. */
  void addSums(CodeBlock.Builder code, Layer layer, boolean skipZeroInputs) {
    addSums(code, layer, skipZeroInputs, WeightStorageCode.columnType(context));
  }

  /** {@link #addSums(CodeBlock.Builder, Layer, boolean)} over {@code columns} of {@code columnType}. */
  private void addSums(CodeBlock.Builder code, Layer layer, boolean skipZeroInputs, String columnType) {
    if (int8) {
      WeightStorageCode.addInt8Start(code, layer, "0");
    } else {
      code.addStatement(
          "$T.arraycopy(this.$N, 0, y, 0, $L)",
          RuntimeTypes.SYSTEM,
          context.member("b" + layer.number()),
          layer.out());
    }
    if (skipZeroInputs) {
      addLiveInputs(code, layer);
    }
    addColumnLoops(code, layer, skipZeroInputs, "0", columnType);
    if (int8) {
      WeightStorageCode.addInt8Scaling(code, context, layer, "0");
    }
  }

  /** Applies the layer's activations to {@code y} in order. */
  void addActivations(CodeBlock.Builder code, Layer layer) {
    for (ActivationFunction function : layer.activations()) {
      LayerLoops.addActivation(
          code, layer, function, context.precision(), network.activations(), "y", "y");
    }
  }

  /** Lists the indices of the non-zero inputs in {@code live} and their number in {@code count}. */
  final void addLiveInputs(CodeBlock.Builder code, Layer layer) {
    code.add("// Inputs that are exactly zero add nothing: list the others, then add their columns.\n");
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
  final void addColumnLoops(CodeBlock.Builder code, Layer layer, boolean skipZeroInputs, String from) {
    addColumnLoops(code, layer, skipZeroInputs, from, WeightStorageCode.columnType(context));
  }

  private void addColumnLoops(
      CodeBlock.Builder code, Layer layer, boolean skipZeroInputs, String from, String columnType) {
    if (skipZeroInputs) {
      code.addStatement("int k = 0");
      code.beginControlFlow("for (; k + $L <= count; k += $L)", COLUMNS_PER_PASS, COLUMNS_PER_PASS);
      for (int c = 0; c < COLUMNS_PER_PASS; c++) {
        code.addStatement("int j$L = live[$L]", c, c == 0 ? "k" : "k + " + c);
      }
      addColumnsPass(code, layer, COLUMNS_PER_PASS, from, columnType);
      code.endControlFlow();
      code.beginControlFlow("for (; k < count; k++)");
      code.addStatement("int j0 = live[k]");
      addColumnsPass(code, layer, 1, from, columnType);
      code.endControlFlow();
    } else {
      int blocked = layer.in() - layer.in() % COLUMNS_PER_PASS;
      if (blocked > 0) {
        code.beginControlFlow("for (int j = 0; j < $L; j += $L)", blocked, COLUMNS_PER_PASS);
        for (int c = 0; c < COLUMNS_PER_PASS; c++) {
          code.addStatement("int j$L = $L", c, c == 0 ? "j" : "j + " + c);
        }
        addColumnsPass(code, layer, COLUMNS_PER_PASS, from, columnType);
        code.endControlFlow();
      }
      if (blocked < layer.in()) {
        code.beginControlFlow("for (int j0 = $L; j0 < $L; j0++)", blocked, layer.in());
        addColumnsPass(code, layer, 1, from, columnType);
        code.endControlFlow();
      }
    }
  }

  /**
   * One pass over the outputs adding the columns of inputs {@code j0 .. j(count-1)}: {@code y[i] =
   * y[i] + c0[i] * x0 + c1[i] * x1 + ...}. Java adds left to right, so the sum order is the same as
   * one pass per input, bit for bit, while each pass loads and stores {@code y} once for {@code
   * count} inputs. C2 vectorises the inner loop: every array is indexed by {@code i} alone.
   */
  private void addColumnsPass(CodeBlock.Builder code, Layer layer, int count, String from, String columnType) {
    StringBuilder sum = new StringBuilder("y[i]");
    for (int c = 0; c < count; c++) {
      code.addStatement("$L[] c$L = columns[j$L]", columnType, c, c);
      code.addStatement("$L x$L = x[j$L]", type, c, c);
      sum.append(" + ").append(WeightStorageCode.widened(context, "c" + c + "[i]")).append(" * x").append(c);
    }
    code.beginControlFlow("for (int i = $L; i < $L; i++)", from, layer.out());
    code.addStatement("y[i] = $L", sum);
    code.endControlFlow();
  }

  /** The body of an interface method: argument checks, then {@code forward}. */
  @Override
  public CodeBlock body(NetworkMethod method) {
    NameAllocator names = context.locals(method);
    CodeBlock.Builder code = CodeBlock.builder();
    int last = network.layers().size() - 1;
    String forward = context.member("forward");
    List<String> parameters = method.parameterNames();
    switch (method.form()) {
      case ARRAY_RETURN:
        {
          String x = parameters.get(0);
          String y = names.newName("y");
          context.checkLength(code, x, network.inputs());
          code.addStatement("$L[] $N = new $L[$L]", type, y, type, network.outputs());
          code.addStatement("$N($N, $N)", forward, x, y);
          code.addStatement("return $N", y);
          break;
        }
      case ARRAY_INTO:
        {
          String x = parameters.get(0);
          String y = parameters.get(1);
          context.checkLength(code, x, network.inputs());
          context.checkLength(code, y, network.outputs());
          code.addStatement("$N($N, $N)", forward, x, y);
          break;
        }
      case ARGMAX:
        {
          String x = parameters.get(0);
          String y = names.newName("y");
          String best = names.newName("best");
          String i = names.newName("i");
          String scratch = names.newName("scratch");
          String live = names.newName("live");
          context.checkLength(code, x, network.inputs());
          takeScratch(code, scratch, live);
          code.addStatement("$L[] $N = $N[$L]", type, y, scratch, last);
          code.addStatement("$N($N, $N, $N$L)", context.member("run"), x, y, scratch, hasLiveInputs() ? ", " + live : "");
          code.addStatement("int $N = 0", best);
          code.beginControlFlow("for (int $N = 1; $N < $L; $N++)", i, i, network.outputs(), i);
          code.beginControlFlow("if ($N[$N] > $N[$N])", y, i, y, best);
          code.addStatement("$N = $N", best, i);
          code.endControlFlow();
          code.endControlFlow();
          code.addStatement("return $N", best);
          giveScratch(code, scratch, live);
          break;
        }
      case SCALAR:
        {
          String scratch = names.newName("scratch");
          String live = names.newName("live");
          String x = names.newName("x");
          takeScratch(code, scratch, live);
          code.addStatement("$L[] $N = $N[$L]", type, x, scratch, last + 1);
          for (int j = 0; j < parameters.size(); j++) {
            code.addStatement("$N[$L] = $N", x, j, parameters.get(j));
          }
          code.addStatement(
              "$N($N, $N[$L], $N$L)", context.member("run"), x, scratch, last, scratch, hasLiveInputs() ? ", " + live : "");
          code.addStatement("return $N[$L][0]", scratch, last);
          giveScratch(code, scratch, live);
          break;
        }
      default:
        throw new IllegalArgumentException(method.form().toString());
    }
    return code.build();
  }
}
