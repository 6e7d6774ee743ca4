package dev.soma.processor.generate.forward;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.GeneratorOptions;
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
 * The batched form {@code void m(T[][] xs, T[][] ys)}. Loop-form networks run a block of inputs
 * through each layer together, so every weight column read from memory serves the whole block:
 * matrix-matrix work, bound by arithmetic rather than by memory bandwidth. Within a block, each
 * pass over a layer's outputs adds a few columns to a few rows, so every weight loaded into a
 * register feeds several rows (block 12, 3 rows by 4 columns unless {@code -Asoma.batchShape} says
 * otherwise; BENCHMARKS.md, "Batched form", has the sweep). Each output is summed in the same order
 * as the single-input form (bias, then inputs in order, multiply and add kept separate), so a batch
 * gives the same bits as one call per row. Unrolled networks simply run their straight-line code
 * per row. {@code simd = true} networks use {@link SimdBatchedForward} instead, unless they have a
 * {@code @LayerNorm} layer; plain INT8, and INT8 and BF16 with a {@code @LayerNorm}, run row by
 * row ({@link RowByRowBatched}).
 */
public final class BatchedForward implements ForwardPass {
  private final GeneratorContext context;
  private final NetworkModel network;
  private final String type;
  private final int block;
  private final int rows;
  private final int columns;
  private final UnrolledForward unrolled;

  /**
   * The batched form of {@code context}'s network: per row through {@code unrolled} when the
   * network is unrolled (non-null), else in blocks of the shape {@code options} gives.
   */
  public BatchedForward(GeneratorContext context, GeneratorOptions options, UnrolledForward unrolled) {
    this.context = context;
    this.network = context.network();
    this.type = context.keyword();
    this.block = options.batchBlock();
    this.rows = options.batchRows();
    this.columns = options.batchColumns();
    this.unrolled = unrolled;
  }

  @Override
  public CodeBlock body(NetworkMethod method) {
    NameAllocator names = context.locals(method);
    String xs = method.parameterNames().get(0);
    String ys = method.parameterNames().get(1);
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$T.batch($N, $N, $L, $L)", RuntimeTypes.CHECKS, xs, ys, network.inputs(), network.outputs());
    if (unrolled != null) {
      String n = names.newName("n");
      code.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", n, n, xs, n);
      code.addStatement("$N($N[$N], $N[$N])", context.member("somaBatchRow"), xs, n, ys, n);
      code.endControlFlow();
      return code.build();
    }
    String scratch = names.newName("scratch");
    String start = names.newName("start");
    String count = names.newName("count");
    int layers = network.layers().size();
    code.addStatement("$L[][][] $N = $N.take()", type, scratch, context.member("BATCH_SCRATCH"));
    code.beginControlFlow("try");
    code.beginControlFlow("for (int $N = 0; $N < $N.length; $N += $L)", start, start, xs, start, block);
    code.addStatement("int $N = $T.min($L, $N.length - $N)", count, RuntimeTypes.MATH, block, xs, start);
    code.addStatement("$T.blockRows($N, $N, $N, $N)", RuntimeTypes.CHECKS, xs, ys, start, count);
    String first = context.member("somaBatchLayer1");
    if (layers == 1) {
      // xs and ys rows may be the same arrays: compute into scratch, then copy
      String b = names.newName("b");
      code.addStatement("$N($N, $N, $N[0], 0, $N)", first, xs, start, scratch, count);
      code.beginControlFlow("for (int $N = 0; $N < $N; $N++)", b, b, count, b);
      code.addStatement(
          "$T.arraycopy($N[0][$N], 0, $N[$N + $N], 0, $L)",
          RuntimeTypes.SYSTEM, scratch, b, ys, start, b, network.outputs());
      code.endControlFlow();
    } else {
      code.addStatement("$N($N, $N, $N[0], 0, $N)", first, xs, start, scratch, count);
      for (int l = 2; l < layers; l++) {
        code.addStatement(
            "$N($N[$L], 0, $N[$L], 0, $N)", context.member("somaBatchLayer" + l), scratch, l - 2, scratch, l - 1, count);
      }
      code.addStatement(
          "$N($N[$L], 0, $N, $N, $N)", context.member("somaBatchLayer" + layers), scratch, layers - 2, ys, start, count);
    }
    code.endControlFlow();
    code.nextControlFlow("finally");
    code.addStatement("$N.give($N)", context.member("BATCH_SCRATCH"), scratch);
    code.endControlFlow();
    return code.build();
  }

  @Override
  public List<FieldSpec> fields() {
    return unrolled != null ? List.of() : List.of(scratchField());
  }

  @Override
  public List<MethodSpec> helpers() {
    List<MethodSpec> helpers = new ArrayList<>();
    if (unrolled != null) {
      NetworkMethod row = new NetworkMethod("somaBatchRow", MethodForm.ARRAY_INTO, List.of("x", "y"));
      helpers.add(
          MethodSpec.methodBuilder(context.member("somaBatchRow"))
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc("One row of a batch, whose lengths the batched method checked: the straight-line forward pass.\n")
              .addParameter(context.array(), "x")
              .addParameter(context.array(), "y")
              .addCode(unrolled.body(row, false))
              .build());
      return helpers;
    }
    Layer previous = null;
    for (Layer layer : network.layers()) {
      helpers.add(layerMethod(layer, previous != null && previous.producesZeros()));
      previous = layer;
    }
    return helpers;
  }

  /** The blocks of hidden outputs: {@code block} rows per hidden layer (one block for one layer). */
  @Override
  public long scratchValues() {
    if (unrolled != null) {
      return 0;
    }
    long values = 0;
    List<Layer> layers = network.layers();
    int hidden = Math.max(1, layers.size() - 1);
    for (int l = 0; l < hidden; l++) {
      values += (long) block * layers.get(l).out();
    }
    return values;
  }

  private FieldSpec scratchField() {
    List<String> blocks = new ArrayList<>();
    List<Layer> layers = network.layers();
    int hidden = Math.max(1, layers.size() - 1);
    for (int l = 0; l < hidden; l++) {
      blocks.add("new " + type + "[" + block + "][" + layers.get(l).out() + "]");
    }
    return FieldSpec.builder(
            ParameterizedTypeName.get(RuntimeTypes.SCRATCH, ArrayTypeName.of(context.matrix())),
            context.member("BATCH_SCRATCH"),
            Modifier.PRIVATE,
            Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("Blocks of hidden outputs for the batched form, per platform thread or per call.\n")
        .initializer("$T.of(() -> new $L[][][] {$L})", RuntimeTypes.SCRATCH, type, String.join(", ", blocks))
        .build();
  }

  private MethodSpec layerMethod(Layer layer, boolean skipZeroInputs) {
    int n = layer.number();
    CodeBlock.Builder code = CodeBlock.builder();
    if (layer.isLayerNorm()) {
      code.beginControlFlow("for (int b = 0; b < count; b++)");
      LayerNormCode.applyWithFields(
          code, context, layer, CodeBlock.of("x[xFrom + b]"), CodeBlock.of("y[yFrom + b]"));
      code.endControlFlow();
    } else {
      addSums(code, layer, skipZeroInputs);
    }
    if (!layer.activations().isEmpty()) {
      code.beginControlFlow("for (int b = 0; b < count; b++)");
      code.addStatement("$L[] row = y[yFrom + b]", type);
      for (ActivationFunction function : layer.activations()) {
        LayerLoops.addActivation(
            code, layer, function, context.precision(), context.network().activations(), "row", "row");
      }
      code.endControlFlow();
    }
    return MethodSpec.methodBuilder(context.member("somaBatchLayer" + n))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "$L, for {@code count} rows of a batch: rows {@code x[xFrom..]} in, {@code y[yFrom..]} out.\n",
            GeneratorContext.describeCapitalised(layer))
        .addParameter(context.matrix(), "x")
        .addParameter(TypeName.INT, "xFrom")
        .addParameter(context.matrix(), "y")
        .addParameter(TypeName.INT, "yFrom")
        .addParameter(TypeName.INT, "count")
        .addCode(code.build())
        .build();
  }

  /** Fills the rows {@code y[yFrom..]} with the layer's sums, bias first, then the inputs in order. */
  private void addSums(CodeBlock.Builder code, Layer layer, boolean skipZeroInputs) {
    code.addStatement("$L[][] columns = this.$N", type, context.member("w" + layer.number() + "c"));
    code.beginControlFlow("for (int b = 0; b < count; b++)");
    code.addStatement(
        "$T.arraycopy(this.$N, 0, y[yFrom + b], 0, $L)",
        RuntimeTypes.SYSTEM,
        context.member("b" + layer.number()),
        layer.out());
    code.endControlFlow();
    if (skipZeroInputs) {
      addZeroSkippingColumns(code, layer);
    } else {
      addColumnGroups(code, layer);
    }
  }

  /**
   * After a layer that produces zeros, each row skips its zero inputs, as the single-input form
   * does, so the sums (and the sign of a zero) are the same: one column at a time, every row.
   */
  private void addZeroSkippingColumns(CodeBlock.Builder code, Layer layer) {
    code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
    code.addStatement("$L[] column = columns[j]", type);
    code.beginControlFlow("for (int b = 0; b < count; b++)");
    LayerLoops.addNonZeroColumn(
        code, layer, context.precision(), CodeBlock.of("x[xFrom + b][j]"), CodeBlock.of("y[yFrom + b]"));
    code.endControlFlow();
    code.endControlFlow();
  }

  /**
   * Dense inputs: the shape's columns at a time, and for them the shape's rows per pass
   * over the outputs, so each column element loaded feeds the shape's rows and each output
   * element loaded takes the shape's terms. Java adds left to right, so every row still sums
   * bias, then its inputs in order. Columns left over run one at a time.
   */
  private void addColumnGroups(CodeBlock.Builder code, Layer layer) {
    int grouped = layer.in() - layer.in() % columns;
    if (grouped > 0) {
      code.beginControlFlow("for (int j = 0; j < $L; j += $L)", grouped, columns);
      for (int c = 0; c < columns; c++) {
        code.addStatement("$L[] c$L = columns[j$L]", type, c, c == 0 ? "" : " + " + c);
      }
      code.addStatement("int b = 0");
      code.beginControlFlow("for (; b <= count - $L; b += $L)", rows, rows);
      addRowPass(code, layer, rows, columns);
      code.endControlFlow();
      if (rows > 1) {
        code.beginControlFlow("for (; b < count; b++)");
        addRowPass(code, layer, 1, columns);
        code.endControlFlow();
      }
      code.endControlFlow();
    }
    if (grouped < layer.in()) {
      code.beginControlFlow("for (int j = $L; j < $L; j++)", grouped, layer.in());
      code.addStatement("$L[] c0 = columns[j]", type);
      code.beginControlFlow("for (int b = 0; b < count; b++)");
      addRowPass(code, layer, 1, 1);
      code.endControlFlow();
      code.endControlFlow();
    }
  }

  /** One pass over the outputs adding {@code columns} columns to {@code rows} rows from row b. */
  private void addRowPass(CodeBlock.Builder code, Layer layer, int rows, int columns) {
    for (int r = 0; r < rows; r++) {
      String row = r == 0 ? "b" : "b + " + r;
      code.addStatement("$L[] x$L = x[xFrom + $L]", type, r, row);
      code.addStatement("$L[] y$L = y[yFrom + $L]", type, r, row);
      for (int c = 0; c < columns; c++) {
        code.addStatement("$L x$L_$L = x$L[j$L]", type, r, c, r, c == 0 ? "" : " + " + c);
      }
    }
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    // Weights into locals before any store: a load after the store to y0[i] could not be shared.
    for (int c = 0; c < columns; c++) {
      code.addStatement("$L w$L = c$L[i]", type, c, c);
    }
    for (int r = 0; r < rows; r++) {
      CodeBlock.Builder sum = CodeBlock.builder().add("y$L[i] = y$L[i]", r, r);
      for (int c = 0; c < columns; c++) {
        sum.add(" + w$L * x$L_$L", c, r, c);
      }
      code.addStatement(sum.build());
    }
    code.endControlFlow();
  }
}
