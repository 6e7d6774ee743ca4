package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import dev.soma.Storage;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;

/**
 * The code {@code @Network(storage = ...)} changes in the loop forms. BF16 and F16 weights are
 * rounded where they are baked or constructed and computed with as floats, so they need nothing
 * here. INT8 keeps {@code byte[][]} weight columns and one float scale per output ({@code wNs}):
 * a layer sums {@code acc[i] = sum_j q[j][i] * x[j]} in float from zero, in the same order as the
 * float loops, then writes {@code y[i] = b[i] + s[i] * acc[i]} once per output.
 */
public final class WeightStorageCode {
  private WeightStorageCode() {}

  /** Whether {@code network}'s loop forms read int8 columns: INT8 storage, not unrolled. */
  public static boolean int8Loops(NetworkModel network, CodeStrategy strategy) {
    return network.storage() == Storage.INT8 && strategy != CodeStrategy.UNROLLED;
  }

  /** The element type of the weight columns the loop forms read: {@code byte} for INT8. */
  static String columnType(GeneratorContext context) {
    return context.network().storage() == Storage.INT8 ? "byte" : context.keyword();
  }

  /** INT8: outputs {@code from} to the end start from zero; the bias comes with the scale. */
  static void addInt8Start(CodeBlock.Builder code, Layer layer, String from) {
    code.addStatement("$T.fill(y, $L, $L, 0f)", RuntimeTypes.ARRAYS, from, layer.out());
  }

  /** INT8: {@code y[i] = b[i] + s[i] * y[i]} for outputs {@code from} to the end. */
  static void addInt8Scaling(CodeBlock.Builder code, GeneratorContext context, Layer layer, String from) {
    int n = layer.number();
    code.addStatement("float[] scales = this.$N", context.member("w" + n + "s"));
    code.addStatement("float[] biases = this.$N", context.member("b" + n));
    code.beginControlFlow("for (int i = $L; i < $L; i++)", from, layer.out());
    code.addStatement("y[i] = biases[i] + scales[i] * y[i]");
    code.endControlFlow();
  }
}
