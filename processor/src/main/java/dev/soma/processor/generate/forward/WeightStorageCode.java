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
 * float loops, then writes {@code y[i] = b[i] + s[i] * acc[i]} once per output. The plain INT8
 * loops read float copies of the columns, or in networks too big for a core's L2 the bytes on JDK
 * 25 and later and the int8 values two to a float before ({@link LoopForward}, {@link
 * Int8PairLoops}).
 */
public final class WeightStorageCode {
  private WeightStorageCode() {}

  /** Whether {@code network}'s loop forms read int8 columns: INT8 storage, not unrolled. */
  public static boolean int8Loops(NetworkModel network, CodeStrategy strategy) {
    return network.storage() == Storage.INT8 && strategy != CodeStrategy.UNROLLED;
  }

  /**
   * Whether {@code network}'s loop forms read 16-bit bfloat16 columns ({@code short[][]}), widened
   * in registers by a shift: BF16 storage with the SIMD backend. The values are the rounded
   * weights, so the sums are those of float columns holding them, bit for bit. Plain BF16 loops keep
   * float columns of the rounded values: neither JDK 17's nor JDK 25's C2 vectorised the shift, and
   * the scalar loops ran 5 to 10 times slower than F32 (BENCHMARKS.md, "Weight storage").
   */
  public static boolean bfloat16Loops(NetworkModel network, CodeStrategy strategy) {
    return network.storage() == Storage.BF16 && strategy == CodeStrategy.SIMD_LOOPS;
  }

  /** Within a loop form (never unrolled): whether its columns are bfloat16 bits. */
  private static boolean bfloat16Columns(GeneratorContext context) {
    return context.network().storage() == Storage.BF16 && context.network().simd();
  }

  /** Whether the loop forms read compact columns (INT8 or BF16). */
  public static boolean compactLoops(NetworkModel network, CodeStrategy strategy) {
    return int8Loops(network, strategy) || bfloat16Loops(network, strategy);
  }

  /** The element type of the weight columns the loop forms read: {@code byte} for INT8, {@code short} for BF16. */
  static String columnType(GeneratorContext context) {
    if (context.network().storage() == Storage.INT8) {
      return "byte";
    }
    return bfloat16Columns(context) ? "short" : context.keyword();
  }

  /** A column element {@code element} as the float it stands for: BF16 bits shifted into a float's upper half. */
  static String widened(GeneratorContext context, String element) {
    return bfloat16Columns(context)
        ? "Float.intBitsToFloat(" + element + " << 16)"
        : element;
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
