package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The weights {@link SimdForward}'s passes read for float and double storage (not INT8 or BF16,
 * whose columns stay): per dense layer one array {@code wNv} packed pass after pass. The pass over
 * outputs {@code [v, v + P)} (P = 16, 8, 4, 2 or 1 vectors, as {@link SimdForward#addSums} takes
 * them on this CPU) reads the block at {@code v * in}, input j's P weights at {@code v * in + j *
 * P}: a pass streams {@code P * in} contiguous weights, where the columns gave it P of each
 * column's {@code out} (N3's 512-wide layers: half of every 2 KB column per pass). Input j's
 * weights sit at {@code j * P} within the block, so skipping zero inputs still indexes by j. The
 * outputs past the last whole vector are not packed; the plain loops read them from the columns,
 * which also serve {@code weights()}. The array is therefore a second copy of the vector outputs'
 * weights: {@code out / LANES * LANES * in} values per layer, static (one per class, packed when
 * the class loads) for baked weights, per instance (packed in the constructor) for run-time ones.
 * The sums are unchanged, bit for bit: same operands, same order.
 */
final class SimdPassPacking {
  private SimdPassPacking() {}

  /** Whether {@code layer} has whole vectors of outputs, so a packed copy. */
  static boolean packed(Layer layer, int minLanes) {
    return !layer.isLayerNorm() && layer.out() >= minLanes;
  }

  static boolean anyPacked(NetworkModel network, int minLanes) {
    return network.layers().stream().anyMatch(layer -> packed(layer, minLanes));
  }

  private static String name(GeneratorContext context, Layer layer, boolean baked) {
    return context.member((baked ? "W" : "w") + layer.number() + "v");
  }

  /** The expression a layer method reads its packed weights through. */
  static String reference(GeneratorContext context, Layer layer, boolean baked) {
    return baked ? name(context, layer, true) : "this." + name(context, layer, false);
  }

  /**
   * One field per packed layer: static and initialised from {@code WEIGHTS} for baked weights
   * (after {@code LANES} and {@code WIDE}, which the packing reads), else per instance.
   */
  static List<FieldSpec> fields(GeneratorContext context, boolean baked, int minLanes) {
    List<FieldSpec> fields = new ArrayList<>();
    for (Layer layer : context.network().layers()) {
      if (!packed(layer, minLanes)) {
        continue;
      }
      int n = layer.number();
      if (baked) {
        fields.add(
            FieldSpec.builder(context.array(), name(context, layer, true), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Layer $L's weights packed pass after pass for the single-input passes, when the class loads.\n", n)
                .initializer(
                    "$N($T.columns(WEIGHTS[$L], $L, $L), $L, $L)",
                    context.member("somaPasses"), RuntimeTypes.LAYOUT, n - 1, layer.out(), layer.in(), layer.out(),
                    layer.in())
                .build());
      } else {
        fields.add(
            FieldSpec.builder(context.array(), name(context, layer, false), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's weights packed pass after pass for the single-input passes.\n", n)
                .build());
      }
    }
    return fields;
  }

  /** Run-time weights: packs each layer's columns, which the constructor has just set. */
  static void addConstructorCode(CodeBlock.Builder code, GeneratorContext context, int minLanes) {
    for (Layer layer : context.network().layers()) {
      if (packed(layer, minLanes)) {
        code.addStatement(
            "this.$N = $N(this.$N, $L, $L)",
            name(context, layer, false), context.member("somaPasses"), context.member("w" + layer.number() + "c"),
            layer.out(), layer.in());
      }
    }
  }

  /**
   * {@code somaPasses(columns, out, in)}: the passes of {@link SimdForward#addSums} in its order
   * (16 vectors while they fit on 512-bit CPUs, then 8, 4, 2, 1 while they fit), each pass's
   * weights input after input in one block.
   */
  static MethodSpec packMethod(GeneratorContext context) {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L packed = new $L[out / LANES * LANES * in]", context.array(), context.keyword());
    code.addStatement("int v = 0");
    code.beginControlFlow(
        "for (int vectors = WIDE ? $L : $L; vectors >= 1; vectors /= 2)",
        SimdForward.WIDE_VECTORS_PER_PASS,
        SimdForward.VECTORS_PER_PASS);
    code.addStatement("int width = vectors * LANES");
    code.beginControlFlow("for (; v + width <= out; v += width)");
    code.beginControlFlow("for (int j = 0; j < in; j++)");
    code.addStatement("$T.arraycopy(columns[j], v, packed, v * in + j * width, width)", RuntimeTypes.SYSTEM);
    code.endControlFlow();
    code.endControlFlow();
    code.endControlFlow();
    code.addStatement("return packed");
    return MethodSpec.methodBuilder(context.member("somaPasses"))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc(
            "A layer's weight columns packed pass after pass: the pass over outputs {@code [v, v + width)}\n"
                + "holds input j's weights at {@code v * in + j * width}; outputs past the last whole vector\n"
                + "are left out.\n")
        .returns(context.array())
        .addParameter(context.matrix(), "columns")
        .addParameter(TypeName.INT, "out")
        .addParameter(TypeName.INT, "in")
        .addCode(code.build())
        .build();
  }
}
