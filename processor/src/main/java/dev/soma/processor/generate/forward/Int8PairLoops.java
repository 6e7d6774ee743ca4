package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;
import javax.lang.model.element.Modifier;

/**
 * The plain INT8 layer sums for JVMs whose C2 does not vectorise byte loops (before JDK 25), in
 * networks whose float weights would not fit in a core's L2 ({@link #pays}; smaller ones read float
 * copies of the int8 values on every JDK): the int8 columns two to a float ({@code Quantization.pairedColumns}: {@code v = q0 + 512 * q1}),
 * taken apart in the loop with float additions only, which JDK 17's C2 vectorises where it
 * vectorises no conversion. Half the bytes of float columns per weight, and the same sums as the
 * byte loops, bit for bit: {@code y[i] + (float) q * x + ...} in input order from zero, then scale
 * and bias ({@link WeightStorageCode}). Inputs pass two pairs, four columns, at a time, as in {@link
 * LoopForward}; after a ReLU a pair is skipped when both its inputs are zero (a zero input's product
 * adds nothing to a sum that starts at +0, so including one keeps the bits).
 */
final class Int8PairLoops {
  private Int8PairLoops() {}

  /**
   * The float weights above which compact columns pay: 2 MiB, a large server core's L2. Pairs cost
   * three float operations per multiply-add where float columns cost two, and byte columns a
   * widening; both win once float weights would stream from L3 and the compact ones, a half and a
   * quarter of the bytes, do not. Measured (Intel Xeon, 2 MiB L2, BENCHMARKS.md "Plain INT8 on JDK
   * 17"), time against float columns at 0.5, 1.1, 1.8, 2.7 (N3) and 3.7 MB of float weights: pairs
   * on JDK 17 1.15, 1.26, 1.06, 0.8, 0.64; bytes on JDK 25 1.35, 1.31, 1.07, 0.70 (3.7 MB not run).
   */
  static final long PAYS_ABOVE_FLOAT_BYTES = 2L << 20;

  /**
   * Whether plain INT8 loops of {@code network} read compact columns, bytes or pairs by JDK, rather
   * than float copies of the int8 values.
   */
  static boolean pays(NetworkModel network) {
    long weights = 0;
    for (Layer layer : network.layers()) {
      if (!layer.isLayerNorm()) {
        weights += (long) layer.in() * layer.out();
      }
    }
    return weights * Float.BYTES > PAYS_ABOVE_FLOAT_BYTES;
  }

  /** {@code wNp}: layer {@code n}'s int8 weights two to a float, or null where the bytes are read. */
  static FieldSpec field(GeneratorContext context, int n) {
    return FieldSpec.builder(float[][].class, context.member("w" + n + "p"), Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc(
            "Layer $L's int8 weights two to a float, {@code w$Lp[g][i] == w$Lc[2g][i] + 512 * w$Lc[2g+1][i]};"
                + " null when\n{@code INT8_COLUMNS}.\n",
            n, n, n, n)
        .build();
  }

  /** Pairs added per pass over the outputs: four input columns, as {@link LoopForward} adds. */
  private static final int PAIRS_PER_PASS = LoopForward.COLUMNS_PER_PASS / 2;

  /** Fills {@code y} with the layer's sums from {@code pairs}, the layer's paired columns, in scope. */
  static void addSums(CodeBlock.Builder code, GeneratorContext context, Layer layer, boolean skipZeroInputs) {
    int pairs = layer.in() / 2;
    WeightStorageCode.addInt8Start(code, layer, "0");
    if (skipZeroInputs) {
      code.add("// Pairs of inputs both exactly zero add nothing: list the others, then add their columns.\n");
      code.addStatement("int count = 0");
      code.beginControlFlow("for (int g = 0; g < $L; g++)", pairs);
      code.beginControlFlow("if (x[2 * g] != 0 || x[2 * g + 1] != 0)");
      code.addStatement("live[count++] = g");
      code.endControlFlow();
      code.endControlFlow();
      code.addStatement("int k = 0");
      code.beginControlFlow("for (; k + $L <= count; k += $L)", PAIRS_PER_PASS, PAIRS_PER_PASS);
      for (int p = 0; p < PAIRS_PER_PASS; p++) {
        code.addStatement("int g$L = live[$L]", p, p == 0 ? "k" : "k + " + p);
      }
      addPass(code, layer, PAIRS_PER_PASS);
      code.endControlFlow();
      code.beginControlFlow("for (; k < count; k++)");
      code.addStatement("int g0 = live[k]");
      addPass(code, layer, 1);
      code.endControlFlow();
    } else {
      int blocked = pairs - pairs % PAIRS_PER_PASS;
      if (blocked > 0) {
        code.beginControlFlow("for (int g = 0; g < $L; g += $L)", blocked, PAIRS_PER_PASS);
        for (int p = 0; p < PAIRS_PER_PASS; p++) {
          code.addStatement("int g$L = $L", p, p == 0 ? "g" : "g + " + p);
        }
        addPass(code, layer, PAIRS_PER_PASS);
        code.endControlFlow();
      }
      if (blocked < pairs) {
        code.beginControlFlow("for (int g0 = $L; g0 < $L; g0++)", blocked, pairs);
        addPass(code, layer, 1);
        code.endControlFlow();
      }
    }
    if (layer.in() % 2 == 1) {
      addLastColumn(code, layer, skipZeroInputs);
    }
    WeightStorageCode.addInt8Scaling(code, context, layer, "0");
  }

  /**
   * One pass over the outputs adding the pairs {@code g0 .. g(count-1)}. The high weight of a pair
   * comes as {@code 512 * q}; its input divided by 512 makes the product {@code (float) q * x}
   * exactly, unless the division rounds (a magnitude below 2^-117), and then the weight is divided
   * instead.
   */
  private static void addPass(CodeBlock.Builder code, Layer layer, int count) {
    StringBuilder exact = new StringBuilder();
    for (int p = 0; p < count; p++) {
      code.addStatement("float[] p$L = pairs[g$L]", p, p);
      code.addStatement("float x$L = x[2 * g$L]", 2 * p, p);
      code.addStatement("float x$L = x[2 * g$L + 1]", 2 * p + 1, p);
      code.addStatement("float x$Lh = x$L / $T.PAIR_HIGH", 2 * p + 1, 2 * p + 1, RuntimeTypes.QUANTIZATION);
      exact.append(p == 0 ? "" : " && ")
          .append("x").append(2 * p + 1).append("h * ").append("$1T.PAIR_HIGH == x").append(2 * p + 1);
    }
    code.add("// High weights come as 512 * q: divide their inputs by 512, or the weights where that rounds.\n");
    code.beginControlFlow("if (" + exact + ")", RuntimeTypes.QUANTIZATION);
    addOutputLoop(code, layer, count, true);
    code.nextControlFlow("else");
    addOutputLoop(code, layer, count, false);
    code.endControlFlow();
  }

  /** {@code y[i] = y[i] + low * x0 + high * x1 + ...}, the high inputs divided ({@code scaledInputs}) or the weights. */
  private static void addOutputLoop(CodeBlock.Builder code, Layer layer, int count, boolean scaledInputs) {
    StringBuilder sum = new StringBuilder("y[i]");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    for (int p = 0; p < count; p++) {
      code.addStatement("float v$L = p$L[i]", p, p);
      code.addStatement(
          "float h$L = (v$L + $T.PAIR_ROUNDING) - $T.PAIR_ROUNDING",
          p, p, RuntimeTypes.QUANTIZATION, RuntimeTypes.QUANTIZATION);
      int high = 2 * p + 1;
      sum.append(" + (v").append(p).append(" - h").append(p).append(") * x").append(2 * p);
      sum.append(scaledInputs ? " + h" + p + " * x" + high + "h" : " + h" + p + " / $1T.PAIR_HIGH * x" + high);
    }
    if (scaledInputs) {
      code.addStatement("y[i] = $L", sum);
    } else {
      code.addStatement("y[i] = " + sum, RuntimeTypes.QUANTIZATION);
    }
    code.endControlFlow();
  }

  /** An odd number of inputs: the last float column holds the last input's weights alone. */
  private static void addLastColumn(CodeBlock.Builder code, Layer layer, boolean skipZeroInputs) {
    code.addStatement("float[] last = pairs[$L]", layer.in() / 2);
    code.addStatement("float xl = x[$L]", layer.in() - 1);
    if (skipZeroInputs) {
      code.beginControlFlow("if (xl != 0)");
    }
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    code.addStatement("y[i] = y[i] + last[i] * xl");
    code.endControlFlow();
    if (skipZeroInputs) {
      code.endControlFlow();
    }
  }
}
