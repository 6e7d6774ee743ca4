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
 * The batched form {@code void m(T[][] xs, T[][] ys)}. Loop-form networks run a block of {@value
 * #BLOCK} inputs through each layer together, so every weight column read from memory serves the
 * whole block: matrix-matrix work, bound by arithmetic rather than by memory bandwidth. Within a
 * block, each pass over a layer's outputs adds {@value #COLUMNS} columns to {@value #ROWS} rows, so
 * every weight loaded into a register feeds {@value #ROWS} rows. Each output is summed in the same
 * order as the single-input form (bias, then inputs in order, multiply and add kept separate), so a
 * batch gives the same bits as one call per row. Unrolled networks simply run their straight-line
 * code per row.
 */
final class BatchedForward {
  /**
   * Inputs per block: their hidden outputs stay in L1 while the layer's weights stream past once.
   * Measured on N2 with 64 inputs (BENCHMARKS.md, "Batched form"): 12 rows of 3 by 4 columns took
   * 186 us per batch, 8 rows of 2 by 4 took 199 us, 16 rows 201 us.
   */
  static final int BLOCK = setting(0, 12);

  /**
   * Rows of a block that one pass over a layer's outputs serves: each weight loaded feeds this many
   * rows. Three rows of four columns (12 multiply-adds per element) was the fastest measured; 16
   * multiply-adds per element (4 x 4, 2 x 8) ran 4.5x slower, as scalar code: C2 stops vectorising.
   */
  static final int ROWS = setting(1, 3);

  /** Weight columns one pass adds (with one row per pass: 1 column 442 us, 4 columns 257 us). */
  static final int COLUMNS = setting(2, 4);

  /**
   * System property for measuring the block shape only: {@code
   * -Dsoma.batchShape=block,rows,columns} overrides the three constants above for one build of the
   * benchmarks ({@code benchmarks/batch-shape-sweep.sh}).
   */
  static final String SHAPE_PROPERTY = "soma.batchShape";

  private static int setting(int index, int fallback) {
    String[] shape = System.getProperty(SHAPE_PROPERTY, "").split(",");
    return shape.length == 3 ? Integer.parseInt(shape[index].trim()) : fallback;
  }

  private final NetworkModel network;
  private final Precision precision;
  private final String type;
  private final TypeName array;
  private final TypeName matrix;
  private final CodeStrategy strategy;

  BatchedForward(NetworkModel network, CodeStrategy strategy) {
    this.network = network;
    this.precision = network.precision();
    this.type = precision.javaType();
    this.array = ArrayTypeName.of(precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE);
    this.matrix = ArrayTypeName.of(array);
    this.strategy = strategy;
  }

  boolean needed() {
    return network.methods().stream().anyMatch(m -> m.form() == MethodForm.BATCH);
  }

  /** The public batched method's body. */
  CodeBlock body(NetworkMethod method) {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$T.batch(xs, ys, $L, $L)", NetworkClassWriter.CHECKS, network.inputs(), network.outputs());
    if (strategy == CodeStrategy.UNROLLED) {
      code.beginControlFlow("for (int n = 0; n < xs.length; n++)");
      code.addStatement("somaBatchRow(xs[n], ys[n])");
      code.endControlFlow();
      return code.build();
    }
    int layers = network.layers().size();
    code.addStatement("$L[][][] scratch = BATCH_SCRATCH.get()", type);
    code.beginControlFlow("for (int start = 0; start < xs.length; start += $L)", BLOCK);
    code.addStatement("int count = Math.min($L, xs.length - start)", BLOCK);
    if (layers == 1) {
      // xs and ys rows may be the same arrays: compute into scratch, then copy
      code.addStatement("somaBatchLayer1(xs, start, scratch[0], 0, count)");
      code.beginControlFlow("for (int b = 0; b < count; b++)");
      code.addStatement("System.arraycopy(scratch[0][b], 0, ys[start + b], 0, $L)", network.outputs());
      code.endControlFlow();
    } else {
      code.addStatement("somaBatchLayer1(xs, start, scratch[0], 0, count)");
      for (int l = 2; l < layers; l++) {
        code.addStatement("somaBatchLayer$L(scratch[$L], 0, scratch[$L], 0, count)", l, l - 2, l - 1);
      }
      code.addStatement("somaBatchLayer$L(scratch[$L], 0, ys, start, count)", layers, layers - 2);
    }
    code.endControlFlow();
    return code.build();
  }

  /** The private members the batched method needs. */
  List<Object> members(UnrolledForward unrolled) {
    List<Object> members = new ArrayList<>();
    if (strategy == CodeStrategy.UNROLLED) {
      NetworkMethod row = new NetworkMethod("somaBatchRow", MethodForm.ARRAY_INTO, List.of("x", "y"));
      members.add(
          MethodSpec.methodBuilder("somaBatchRow")
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc("One row of a batch, whose lengths the batched method checked: the straight-line forward pass.\n")
              .addParameter(array, "x")
              .addParameter(array, "y")
              .addCode(unrolled.body(row, false))
              .build());
      return members;
    }
    members.add(scratchField());
    Layer previous = null;
    for (Layer layer : network.layers()) {
      members.add(layerMethod(layer, previous != null && previous.producesZeros()));
      previous = layer;
    }
    return members;
  }

  private FieldSpec scratchField() {
    List<String> blocks = new ArrayList<>();
    List<Layer> layers = network.layers();
    int hidden = Math.max(1, layers.size() - 1);
    for (int l = 0; l < hidden; l++) {
      blocks.add("new " + type + "[" + BLOCK + "][" + layers.get(l).out() + "]");
    }
    return FieldSpec.builder(
            ParameterizedTypeName.get(ClassNameHolder.THREAD_LOCAL, ArrayTypeName.of(matrix)),
            "BATCH_SCRATCH",
            Modifier.PRIVATE,
            Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("Per-thread blocks of hidden outputs for the batched form.\n")
        .initializer(
            "$T.withInitial(() -> new $L[][][] {$L})", ClassNameHolder.THREAD_LOCAL, type, String.join(", ", blocks))
        .build();
  }

  private MethodSpec layerMethod(Layer layer, boolean skipZeroInputs) {
    int n = layer.number();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L[][] columns = this.w$Lc", type, n);
    code.beginControlFlow("for (int b = 0; b < count; b++)");
    code.addStatement("System.arraycopy(this.b$L, 0, y[yFrom + b], 0, $L)", n, layer.out());
    code.endControlFlow();
    if (skipZeroInputs) {
      addZeroSkippingColumns(code, layer);
    } else {
      addColumnGroups(code, layer);
    }
    if (!layer.activations().isEmpty()) {
      code.beginControlFlow("for (int b = 0; b < count; b++)");
      code.addStatement("$L[] row = y[yFrom + b]", type);
      for (ActivationFunction function : layer.activations()) {
        if (function.elementWise()) {
          code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
          code.addStatement("row[i] = $L", ActivationCode.apply(function, CodeBlock.of("row[i]"), precision));
          code.endControlFlow();
        } else {
          code.addStatement("$T.softmax(row, 0, $L)", ActivationCode.ACTIVATIONS, layer.out());
        }
      }
      code.endControlFlow();
    }
    return MethodSpec.methodBuilder("somaBatchLayer" + n)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "$L, for {@code count} rows of a batch: rows {@code x[xFrom..]} in, {@code y[yFrom..]} out.\n",
            NetworkClassWriter.capitalised(NetworkClassWriter.describe(layer)))
        .addParameter(matrix, "x")
        .addParameter(TypeName.INT, "xFrom")
        .addParameter(matrix, "y")
        .addParameter(TypeName.INT, "yFrom")
        .addParameter(TypeName.INT, "count")
        .addCode(code.build())
        .build();
  }

  /**
   * After a layer that produces zeros, each row skips its zero inputs, as the single-input form
   * does, so the sums (and the sign of a zero) are the same: one column at a time, every row.
   */
  private void addZeroSkippingColumns(CodeBlock.Builder code, Layer layer) {
    code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
    code.addStatement("$L[] column = columns[j]", type);
    code.beginControlFlow("for (int b = 0; b < count; b++)");
    code.addStatement("$L xj = x[xFrom + b][j]", type);
    code.beginControlFlow("if (xj == 0)");
    code.addStatement("continue");
    code.endControlFlow();
    code.addStatement("$L[] row = y[yFrom + b]", type);
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    code.addStatement("row[i] += column[i] * xj");
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
  }

  /**
   * Dense inputs: {@value #COLUMNS} columns at a time, and for them {@value #ROWS} rows per pass
   * over the outputs, so each column element loaded feeds {@value #ROWS} rows and each output
   * element loaded takes {@value #COLUMNS} terms. Java adds left to right, so every row still sums
   * bias, then its inputs in order. Columns left over run one at a time.
   */
  private void addColumnGroups(CodeBlock.Builder code, Layer layer) {
    int grouped = layer.in() - layer.in() % COLUMNS;
    if (grouped > 0) {
      code.beginControlFlow("for (int j = 0; j < $L; j += $L)", grouped, COLUMNS);
      for (int c = 0; c < COLUMNS; c++) {
        code.addStatement("$L[] c$L = columns[j$L]", type, c, c == 0 ? "" : " + " + c);
      }
      code.addStatement("int b = 0");
      code.beginControlFlow("for (; b <= count - $L; b += $L)", ROWS, ROWS);
      addRowPass(code, layer, ROWS, COLUMNS);
      code.endControlFlow();
      if (ROWS > 1) {
        code.beginControlFlow("for (; b < count; b++)");
        addRowPass(code, layer, 1, COLUMNS);
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
