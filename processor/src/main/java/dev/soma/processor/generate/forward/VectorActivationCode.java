package dev.soma.processor.generate.forward;

import static dev.soma.runtime.FastActivations.EXP_HIGH;
import static dev.soma.runtime.FastActivations.EXP_LOW;
import static dev.soma.runtime.FastActivations.GELU_SATURATION;
import static dev.soma.runtime.FastActivations.GELU_TANH_CUBIC;
import static dev.soma.runtime.FastActivations.GELU_TANH_CUBIC_LOW;
import static dev.soma.runtime.FastActivations.LN2_HIGH;
import static dev.soma.runtime.FastActivations.LN2_LOW;
import static dev.soma.runtime.FastActivations.LOG2_E;
import static dev.soma.runtime.FastActivations.ROUNDING_SHIFT;
import static dev.soma.runtime.FastActivations.SWISH_SATURATION;
import static dev.soma.runtime.FastActivations.TANH_SATURATION;
import static dev.soma.runtime.FastActivations.TWICE_SQRT_TWO_OVER_PI;
import static dev.soma.runtime.FastActivations.TWICE_SQRT_TWO_OVER_PI_LOW;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.soma.Activation;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Precision;
import java.util.EnumSet;
import java.util.Set;

/**
 * The smooth float activations of {@code @Network(activations = FAST)} lane-wise on a {@code
 * FloatVector}: statement for statement the arithmetic of the runtime's {@code FastActivations}
 * (the same clamps, range reduction, polynomials, fused multiply-adds and corrections, in the same
 * order), so every lane gives the same bits as the scalar function and its error bounds hold
 * unchanged. {@code VectorFastActivationsTest} (benchmarks module) checks the lanes against the
 * scalar functions bit for bit over a sweep of inputs. The constants below are {@code
 * FastActivations}' private ones; that test is what keeps the two copies equal.
 *
 * <p>Every operand is a vector: constants are {@code broadcast(SPECIES, c)} or {@code
 * broadcast(INTS, c)}, never the scalar forms {@code v.add(1f)} or {@code v.lanewise(ASHR, 1)},
 * and bits change type with {@code reinterpretShape(INTS, 0)} and {@code reinterpretShape(SPECIES,
 * 0)}, never {@code reinterpretAsInts()}. The avoided forms take the species from the vector they
 * are called on, through a call JDK 17's C2 inlines on a profile guess; in a compilation past its
 * class-check trap limit the guess keeps a virtual call beside it, the species is no constant, and
 * the lanes are allocated (BENCHMARKS.md, "Boxed vectors on JDK 17").
 *
 * <p>Bits change type only where the arithmetic needs them (the exponent of e^x); a sign is never
 * copied through them. TANH's sign ({@code Math.copySign} in {@code FastActivations.tanh}) comes
 * from two compares and blends: a tanh that copied it through the int bits, written by the rules
 * above, allocated 24 KB per call of a 784-512-512-10 network in 5 JVMs of 10 under {@code
 * -XX:-TieredCompilation}, always at the same operation, {@code magnitude.reinterpretShape(INTS,
 * 0)}: C2 found no constant target class there ({@code vclass_to=LoadP} with {@code
 * -XX:+PrintIntrinsics}) while the other reinterpretations to {@code INTS} in the same compilation
 * were intrinsified, with the same inlining tree in the runs that allocated and those that did not
 * (BENCHMARKS.md, "A lane-wise tanh without boxes").
 */
final class VectorActivationCode {
  /** The activations with a vector form here. */
  private static final Set<Activation.Kind> KINDS =
      EnumSet.of(
          Activation.Kind.SIGMOID,
          Activation.Kind.TANH,
          Activation.Kind.SWISH,
          Activation.Kind.GELU,
          Activation.Kind.GELU_TANH);

  private static final String VECTOR_PACKAGE = "jdk.incubator.vector";
  private static final ClassName FLOAT_VECTOR = ClassName.get(VECTOR_PACKAGE, "FloatVector");
  private static final ClassName INT_VECTOR = ClassName.get(VECTOR_PACKAGE, "IntVector");
  private static final ClassName OPERATORS = ClassName.get(VECTOR_PACKAGE, "VectorOperators");

  private static final float CORRECTION_CLAMP = 0x1p100f;

  /** (e^r - 1 - r) / r^2, highest degree first. */
  private static final float[] EXP_REMAINDER = {
    1.9845887E-4f, 0.0013940744f, 0.00833339f, 0.04166636f, 0.16666666f, 0.5f
  };

  /** H(a) / t in v = 2.25 t - 1.25, highest degree first. */
  private static final float[] NORMAL_TAIL_OVER_T = {
    9.196378E-6f, -1.0581841E-5f, -4.459765E-5f, 1.2370026E-4f, -3.4647666E-5f, -5.72679E-4f,
    0.0014651095f, 8.987093E-4f, -0.012695993f, 0.006562158f, 0.14953166f, 0.35476795f
  };

  private final CodeBlock.Builder code;
  private int temporaries;

  private VectorActivationCode(CodeBlock.Builder code) {
    this.code = code;
  }

  /** Whether {@code function} has a vector form here for a network of {@code precision} and {@code math}. */
  static boolean has(ActivationFunction function, Precision precision, ActivationMath math) {
    return precision == Precision.FLOAT && math == ActivationMath.FAST && KINDS.contains(function.kind());
  }

  /**
   * Adds statements computing {@code function} of the {@code FloatVector} local {@code z} and
   * returns the name of the local holding the result; {@link #has} must hold.
   */
  static String apply(CodeBlock.Builder code, ActivationFunction function, String z) {
    VectorActivationCode writer = new VectorActivationCode(code);
    switch (function.kind()) {
      case SIGMOID:
        return writer.quotientByOnePlus(null, writer.exp(writer.let("minus", "$L.neg()", z), null));
      case TANH:
        return writer.tanh(z);
      case SWISH:
        return writer.swish(z);
      case GELU:
        return writer.gelu(z);
      case GELU_TANH:
        return writer.geluTanh(z);
      default:
        throw new IllegalArgumentException(function.kind() + " has no vector form");
    }
  }

  /** A new {@code FloatVector} local named after {@code hint}, holding {@code format}. */
  private String let(String hint, String format, Object... args) {
    String name = hint + "_" + temporaries++;
    code.addStatement("$T $L = $L", FLOAT_VECTOR, name, CodeBlock.of(format, args));
    return name;
  }

  private String letInt(String hint, String format, Object... args) {
    String name = hint + "_" + temporaries++;
    code.addStatement("$T $L = $L", INT_VECTOR, name, CodeBlock.of(format, args));
    return name;
  }

  /** {@code value} in every lane. */
  private static CodeBlock all(float value) {
    return CodeBlock.of("$T.broadcast(SPECIES, $L)", FLOAT_VECTOR, lit(value));
  }

  private static String lit(float value) {
    return Literals.of(value, Precision.FLOAT);
  }

  /** {@code value} in every int lane. */
  private static CodeBlock ints(int value) {
    return CodeBlock.of("$T.broadcast(INTS, $L)", INT_VECTOR, value);
  }

  /** {@code value}'s bits in every int lane, in hexadecimal. */
  private static CodeBlock intBits(int value) {
    return CodeBlock.of("$T.broadcast(INTS, 0x$L)", INT_VECTOR, Integer.toHexString(value));
  }

  /** The float lanes {@code v} as the ints of their bits. */
  private static CodeBlock asInts(Object v) {
    return CodeBlock.of("(($T) $L.reinterpretShape(INTS, 0))", INT_VECTOR, v);
  }

  /** The int lanes {@code v} as the floats of those bits. */
  private static CodeBlock asFloats(Object v) {
    return CodeBlock.of("(($T) $L.reinterpretShape(SPECIES, 0))", FLOAT_VECTOR, v);
  }

  /** 2^n for the int lanes {@code n} in [-126, 127]. */
  private static CodeBlock powerOfTwo(CodeBlock n) {
    return asFloats(CodeBlock.of("$L.add($L).lanewise($T.LSHL, $L)", n, ints(127), OPERATORS, ints(23)));
  }

  /** Horner's rule over {@code coefficients}, highest degree first, with fused multiply-adds. */
  private String polynomial(String hint, float[] coefficients, String x) {
    String p = let(hint, "$L.fma($L, $L)", all(coefficients[0]), x, all(coefficients[1]));
    for (int c = 2; c < coefficients.length; c++) {
      p = let(hint, "$L.fma($L, $L)", p, x, all(coefficients[c]));
    }
    return p;
  }

  /** {@code (x + y) - sum} exactly (TwoSum); each operand a local or a vector expression. */
  private String twoSumError(Object x, Object y, Object sum) {
    String yPart = let("yPart", "$L.sub($L)", sum, x);
    return let("error", "$L.sub($L.sub($L)).add($L.sub($L))", x, sum, yPart, y, yPart);
  }

  /**
   * k = x log2(e) rounded to an integer, r = x - k ln 2 in two steps, and k as an int: {k, r, n}.
   * The int is read from the bits of k + 1.5 * 2^23, whose low mantissa bits hold k exactly for
   * |k| < 2^22 (here |k| <= 151), because JDK 17's C2 has no vector form of the cast (int) k: a
   * {@code convert(F2I)} would box every vector.
   */
  private String[] reduce(String x) {
    String shifted = let("shifted", "$L.mul($L).add($L)", x, all(LOG2_E), all(ROUNDING_SHIFT));
    String k = let("k", "$L.sub($L)", shifted, all(ROUNDING_SHIFT));
    String r = let("r", "$L.fma($L, $L.fma($L, $L))", k, all(-LN2_LOW), k, all(-LN2_HIGH), x);
    String n =
        letInt("n", "$L.sub($L)", asInts(shifted), intBits(Float.floatToIntBits(ROUNDING_SHIFT)));
    return new String[] {k, r, n};
  }

  /** e^(x + low), {@code low} null for none. */
  private String exp(String x, String low) {
    String y = let("y", "$L.min($L).max($L)", x, all(EXP_HIGH), all(EXP_LOW));
    String[] kr = reduce(y);
    String r = low == null ? kr[1] : let("r", "$L.add($L)", kr[1], low);
    String expm1 = let("expm1", "$L.mul($L).fma($L, $L)", r, r, polynomial("p", EXP_REMAINDER, r), r);
    String n = kr[2];
    String half = letInt("half", "$L.lanewise($T.ASHR, $L)", n, OPERATORS, ints(1));
    return let(
        "exp",
        "$L.add($L).mul($L).mul($L)",
        expm1,
        all(1f),
        powerOfTwo(CodeBlock.of("$L", half)),
        powerOfTwo(CodeBlock.of("$L.sub($L)", n, half)));
  }

  /** e^x - 1 for x in [0, 20]: 2^k expm1(r) + (2^k - 1) with one rounding. */
  private String expm1(String x) {
    String[] kr = reduce(x);
    String r = kr[1];
    String expm1 = let("expm1", "$L.mul($L).fma($L, $L)", r, r, polynomial("p", EXP_REMAINDER, r), r);
    String scale = let("scale", "$L", powerOfTwo(CodeBlock.of("$L", kr[2])));
    return let("expm1", "$L.fma($L, $L.sub($L))", scale, expm1, scale, all(1f));
  }

  /** y / (1 + e) for e >= 0 with the rounding of 1 + e corrected; {@code y} null for 1. */
  private String quotientByOnePlus(String y, String e) {
    String denominator = let("denominator", "$L.add($L)", e, all(1f));
    CodeBlock numerator = y == null ? all(1f) : CodeBlock.of("$L", y);
    String quotient = let("quotient", "$L.div($L)", numerator, denominator);
    String error =
        twoSumError(
            all(1f),
            CodeBlock.of("$L.min($L)", e, all(CORRECTION_CLAMP)),
            CodeBlock.of("$L.min($L)", denominator, all(CORRECTION_CLAMP)));
    return let(
        "sigmoid", "$L.neg().mul($L.div($L)).fma($L, $L)", quotient, all(1f), denominator, error, quotient);
  }

  /**
   * The magnitude as {@code FastActivations.tanh} computes it, then its sign without the int bits:
   * {@code Math.copySign(m, z)} is -m where z is below zero and m elsewhere, except at z = -0 (m =
   * 0 there, and z compares equal to 0), so lanes where z equals zero take z itself. NaN lanes stay
   * NaN either way.
   */
  private String tanh(String z) {
    String a = let("a", "$L.abs().min($L)", z, all(TANH_SATURATION));
    String e = expm1(let("twice", "$L.mul($L)", a, all(2f)));
    String denominator = let("denominator", "$L.add($L)", e, all(2f));
    String quotient = let("quotient", "$L.div($L)", e, denominator);
    String error = twoSumError(e, all(2f), denominator);
    String magnitude =
        let(
            "magnitude",
            "$L.neg().mul($L).fma($L.sub($L).mul($L), $L)",
            quotient,
            error,
            all(1f),
            quotient,
            all(0.5f),
            quotient);
    String zero = let("zero", "$L", all(0f));
    return let(
        "tanh",
        "$L.blend($L.neg(), $L.compare($T.LT, $L)).blend($L, $L.compare($T.EQ, $L))",
        magnitude,
        magnitude,
        z,
        OPERATORS,
        zero,
        z,
        z,
        OPERATORS,
        zero);
  }

  private String swish(String z) {
    String a = let("a", "$L.abs().min($L)", z, all(SWISH_SATURATION));
    String tail = quotientByOnePlus(a, exp(a, null));
    return let("swish", "$L.max($L).sub($L)", z, all(-0.0f), tail);
  }

  private String gelu(String z) {
    String a = let("a", "$L.abs().min($L)", z, all(GELU_SATURATION));
    String half = let("half", "$L.mul($L)", a, all(0.5f));
    String square = let("square", "$L.mul($L)", a, half);
    String low = let("low", "$L.fma($L, $L.neg()).neg()", a, half, square);
    String gaussian = exp(let("minus", "$L.neg()", square), low);
    String d = let("d", "$L.add($L)", half, all(1f));
    String dLow = let("dLow", "$L.sub($L.sub($L))", half, d, all(1f));
    String t = let("t", "$L.div($L)", all(1f), d);
    String tLow = let("tLow", "$L.mul($L.neg().fma($L, $L).sub($L.mul($L)))", t, t, d, all(1f), t, dLow);
    String v = let("v", "$L.fma($L, $L.fma($L, $L))", t, all(2.25f), tLow, all(2.25f), all(-1.25f));
    String g = polynomial("g", NORMAL_TAIL_OVER_T, v);
    String tail = let("tail", "$L.mul($L.fma($L, $L.mul($L)))", gaussian, t, g, tLow, g);
    return let("gelu", "$L.neg().fma($L, $L.max($L))", a, tail, z, all(-0.0f));
  }

  private String geluTanh(String z) {
    String a = let("a", "$L.abs().min($L)", z, all(GELU_SATURATION));
    String square = let("square", "$L.mul($L)", a, a);
    String squareLow = let("squareLow", "$L.fma($L, $L.neg())", a, a, square);
    String cubic = let("cubic", "$L.mul($L)", square, all(GELU_TANH_CUBIC));
    String cubicLow =
        let(
            "cubicLow",
            "$L.fma($L, $L.neg()).add($L.fma($L, $L.mul($L)))",
            all(GELU_TANH_CUBIC),
            square,
            cubic,
            all(GELU_TANH_CUBIC),
            squareLow,
            square,
            all(GELU_TANH_CUBIC_LOW));
    String factor = let("factor", "$L.add($L)", cubic, all(1f));
    String factorLow = let("factorLow", "$L.add($L)", twoSumError(all(1f), cubic, factor), cubicLow);
    String linear = let("linear", "$L.mul($L)", a, all(TWICE_SQRT_TWO_OVER_PI));
    String linearLow =
        let(
            "linearLow",
            "$L.fma($L, $L.neg()).add($L.mul($L))",
            all(TWICE_SQRT_TWO_OVER_PI),
            a,
            linear,
            a,
            all(TWICE_SQRT_TWO_OVER_PI_LOW));
    String w = let("w", "$L.mul($L)", linear, factor);
    String wLow =
        let(
            "wLow",
            "$L.fma($L, $L.neg()).add($L.fma($L, $L.mul($L)))",
            linear,
            factor,
            w,
            linear,
            factorLow,
            linearLow,
            factor);
    String sigmoid = quotientByOnePlus(null, exp(w, wLow));
    return let("geluTanh", "$L.neg().fma($L, $L.max($L))", a, sigmoid, z, all(-0.0f));
  }
}
