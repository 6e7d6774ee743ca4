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
 * whole block: matrix-matrix work, bound by arithmetic rather than by memory bandwidth. Each output
 * is summed in the same order as the single-input form (bias, then inputs in order), so a batch
 * gives the same bits as one call per row. Unrolled networks simply run their straight-line code
 * per row.
 */
final class BatchedForward {
  /** Inputs per block: eight rows of outputs stay in L1 while a weight column is reused. */
  static final int BLOCK = 8;

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
              .addJavadoc("One row of a batch: the straight-line forward pass.\n")
              .addParameter(array, "x")
              .addParameter(array, "y")
              .addCode(unrolled.body(row))
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
    code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
    code.addStatement("$L[] column = columns[j]", type);
    code.beginControlFlow("for (int b = 0; b < count; b++)");
    code.addStatement("$L xj = x[xFrom + b][j]", type);
    if (skipZeroInputs) {
      code.beginControlFlow("if (xj == 0)");
      code.addStatement("continue");
      code.endControlFlow();
    }
    code.addStatement("$L[] row = y[yFrom + b]", type);
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    code.addStatement("row[i] += column[i] * xj");
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
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
}
