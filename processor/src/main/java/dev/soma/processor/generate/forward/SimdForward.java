package dev.soma.processor.generate.forward;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import dev.soma.Activation;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The layer loops of {@code @Network(simd = true)}, written with the Vector API ({@code
 * jdk.incubator.vector}). Lanes are outputs: a block of {@value #WIDE_VECTORS_PER_PASS} vectors
 * of outputs (AVX-512; {@value #VECTORS_PER_PASS} on narrower CPUs) starts from the bias and, for
 * each input {@code j} in order, adds {@code column_j * x[j]} (a multiply, then an add, never a
 * fused multiply-add). Every output is therefore summed exactly as in {@link LoopForward}'s plain
 * loops, bias first, then the inputs in ascending order, and the results are the same bits. The
 * accumulators stay in registers for the whole pass over the inputs, so each block loads and stores
 * its outputs once. Float and double weights (not INT8 or BF16) are read from a copy packed pass
 * after pass ({@code SimdPassPacking}), so each pass streams one contiguous block. Outputs beyond
 * the last whole vector take the plain loops over the columns. ReLU and leaky ReLU
 * are applied lane-wise (the same bits as {@code Activations}); every other activation stays one
 * element at a time. Everything else (scratch, method bodies) is {@link LoopForward}'s.
 */
public final class SimdForward extends LoopForward {
  /**
   * Output vectors summed together in one pass over the inputs on CPUs with 512-bit vectors, whose
   * 32 vector registers hold 16 accumulators and the operands (BENCHMARKS.md, "SIMD backend": 32
   * spilled registers).
   */
  static final int WIDE_VECTORS_PER_PASS = 16;

  /**
   * Output vectors per pass on CPUs with narrower vectors (AVX2: 16 registers, where 16 vectors per
   * pass spilled; BENCHMARKS.md).
   */
  static final int VECTORS_PER_PASS = 8;

  /** The fewest lanes a vector can have: 128 bits (SSE, NEON). */
  private static final int MIN_VECTOR_BITS = 128;

  private static final String VECTOR_PACKAGE = "jdk.incubator.vector";
  private static final ClassName VECTOR_SPECIES = ClassName.get(VECTOR_PACKAGE, "VectorSpecies");
  private static final ClassName VECTOR_OPERATORS =
      ClassName.get(VECTOR_PACKAGE, "VectorOperators");
  private static final ClassName VECTOR_SHAPE = ClassName.get(VECTOR_PACKAGE, "VectorShape");
  private static final ClassName BYTE_VECTOR = ClassName.get(VECTOR_PACKAGE, "ByteVector");
  private static final ClassName SHORT_VECTOR = ClassName.get(VECTOR_PACKAGE, "ShortVector");
  private static final ClassName INT_VECTOR = ClassName.get(VECTOR_PACKAGE, "IntVector");
  private static final ClassName VECTOR = ClassName.get(VECTOR_PACKAGE, "Vector");

  private final Precision precision;
  private final ClassName vector;
  private final List<MethodSpec> laneHelpers = new ArrayList<>();
  /** BF16 storage: short columns widened in registers. */
  private final boolean bfloat16;
  /** INT8 or BF16: at most {@value #VECTORS_PER_PASS} vectors per pass. */
  private final boolean compact;
  /** Float or double weights: the passes read the packed copy {@link SimdPassPacking} lays out. */
  private final boolean packs;
  /** Baked weights: the packed copy is one static field per class. */
  private final boolean baked;

  public SimdForward(GeneratorContext context) {
    super(context);
    this.precision = context.precision();
    this.vector = vectorClass(precision);
    this.bfloat16 = context.network().storage() == dev.soma.Storage.BF16;
    this.compact = int8 || bfloat16;
    this.packs = !compact;
    this.baked = context.network().weightsKnown();
  }

  /** {@code FloatVector} or {@code DoubleVector}. */
  static ClassName vectorClass(Precision precision) {
    return ClassName.get(VECTOR_PACKAGE, precision == Precision.FLOAT ? "FloatVector" : "DoubleVector");
  }

  /**
   * {@code SPECIES}, the widest vector shape of the running CPU, its {@code LANES}, and {@code
   * WIDE}, whether it is 512 bits wide (AVX-512, with 32 vector registers).
   */
  @Override
  public List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>(super.fields());
    fields.addAll(storageVectorFields());
    if (packs) {
      fields.addAll(SimdPassPacking.fields(context, baked, minLanes()));
    }
    return fields;
  }

  /**
   * Layers wide enough for two passes of {@value #VECTORS_PER_PASS} vectors even at the fewest lanes
   * run their passes last first on every other call of a thread. Each output's sum is unchanged
   * (same operands, same order), so the bits are too; what changes is which weights are read
   * first: those the previous call read last, still in the cache. A network whose weights exceed
   * the core's L2 (N3: 2.6 MB against 2 MB) otherwise streams them all from L3 on every call,
   * since a cyclic stream larger than a cache misses every line (BENCHMARKS.md, "Passes in
   * alternating order").
   */
  @Override
  boolean reversesPasses(Layer layer) {
    return !layer.isLayerNorm() && layer.out() >= 2 * VECTORS_PER_PASS * minLanes();
  }

  /** The fewest lanes a vector of this precision has. */
  private int minLanes() {
    return MIN_VECTOR_BITS / (precision == Precision.FLOAT ? Float.SIZE : Double.SIZE);
  }

  /** Run-time float or double weights: each layer's packed copy, from its columns. */
  @Override
  public void addConstructorCode(CodeBlock.Builder code) {
    super.addConstructorCode(code);
    if (packs && !baked) {
      SimdPassPacking.addConstructorCode(code, context, minLanes());
    }
  }

  /** The vector fields, and those the weight storage's widening needs. */
  private List<FieldSpec> storageVectorFields() {
    List<FieldSpec> fields = new ArrayList<>(vectorFields(precision));
    if (bfloat16) {
      fields.add(
          speciesField(Short.class, "SHORTS", "LANES bfloat16 weights, widened to ints, shifted into a float's upper half.")
              .initializer("$T.of(short.class, $T.forBitSize(LANES * 16))", VECTOR_SPECIES, VECTOR_SHAPE)
              .build());
    }
    if (int8) {
      fields.add(
          FieldSpec.builder(TypeName.BOOLEAN, "BYTE_VECTORS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "Whether int8 weights load as vectors: a vector of LANES bytes is 64 bits at least (float\n"
                      + "vectors of 256 bits or more); else the plain loops.\n")
              .initializer("LANES >= 8")
              .build());
      fields.add(
          FieldSpec.builder(
                  ParameterizedTypeName.get(VECTOR_SPECIES, ClassName.get(Byte.class)),
                  "BYTES",
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .addJavadoc("LANES int8 weights, widened to one float vector ({@code B2F}).\n")
              .initializer(
                  "BYTE_VECTORS ? $T.of(byte.class, $T.forBitSize(LANES * 8)) : null", VECTOR_SPECIES, VECTOR_SHAPE)
              .build());
    }
    return fields;
  }

  /**
   * {@code SPECIES}, {@code LANES}, {@code WIDE}, {@code VECTOR} (see {@link #exact}) and, for
   * float networks, {@code INTS}; {@link SimdBatchedForward} uses them too.
   */
  static List<FieldSpec> vectorFields(Precision precision) {
    boolean isFloat = precision == Precision.FLOAT;
    ClassName vector = vectorClass(precision);
    TypeName boxed = isFloat ? ClassName.get(Float.class) : ClassName.get(Double.class);
    List<FieldSpec> fields = new ArrayList<>();
    fields.addAll(List.of(
        FieldSpec.builder(
                ParameterizedTypeName.get(VECTOR_SPECIES, boxed),
                "SPECIES",
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc("The widest vectors this CPU computes on; chosen when the class loads.\n")
            .initializer("$T.SPECIES_PREFERRED", vector)
            .build(),
        FieldSpec.builder(TypeName.INT, "LANES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Outputs per vector.\n")
            .initializer("SPECIES.length()")
            .build(),
        FieldSpec.builder(
                TypeName.BOOLEAN, "WIDE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "512-bit vectors (AVX-512): registers enough to sum $L vectors per pass, not $L.\n",
                WIDE_VECTORS_PER_PASS,
                VECTORS_PER_PASS)
            .initializer("SPECIES.vectorBitSize() >= 512")
            .build(),
        FieldSpec.builder(
                ParameterizedTypeName.get(
                    ClassName.get(Class.class),
                    WildcardTypeName.subtypeOf(ParameterizedTypeName.get(VECTOR, boxed))),
                "VECTOR",
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc(
                "The class of SPECIES' vectors: stores go through {@code VECTOR.cast(v)}, which tells C2 the\n"
                    + "exact class of {@code v} (BENCHMARKS.md, \"Boxed vectors on JDK 17\").\n")
            .initializer("SPECIES.vectorType()")
            .build()));
    if (isFloat) {
      fields.add(
          speciesField(Integer.class, "INTS", "Ints of the float vectors' shape: the fast activations' exponent bits, bfloat16 widening.")
              .initializer("$T.of(int.class, SPECIES.vectorShape())", VECTOR_SPECIES)
              .build());
    }
    return fields;
  }

  /** A private static final {@code VectorSpecies<element>} field named {@code name}, initializer to add. */
  private static FieldSpec.Builder speciesField(Class<?> element, String name, String javadoc) {
    return FieldSpec.builder(
            ParameterizedTypeName.get(VECTOR_SPECIES, ClassName.get(element)),
            name,
            Modifier.PRIVATE,
            Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("$L\n", javadoc);
  }

  /**
   * {@code vector}, a {@code FloatVector} or {@code DoubleVector} expression, as C2 sees it when
   * compiling a store: its exact class. JDK 17's C2 inlines the Vector API's intrinsics late, so
   * while it parses a method every vector is only known as a {@code FloatVector}, and the calls
   * the API makes on it ({@code vspecies()} in {@code intoArray}) are inlined on the strength of
   * the type profile. Once a compilation has seen {@code PerMethodTrapLimit} (100) class-check
   * traps, summed over every inlined copy of the API's methods, C2 keeps a real virtual call
   * beside each such guess; the species is then no constant, the store intrinsic fails, and every
   * vector reaching it is allocated. {@code VECTOR.cast} (an intrinsic with a constant class) gives
   * the exact class while parsing, so no guess is made.
   */
  static CodeBlock exact(Object vector, Precision precision) {
    return CodeBlock.of("(($T) VECTOR.cast($L))", vectorClass(precision), vector);
  }

  /** {@code value} in every lane of a vector of SPECIES. */
  static CodeBlock all(double value, Precision precision) {
    return CodeBlock.of("$T.broadcast(SPECIES, $L)", vectorClass(precision), Literals.of(value, precision));
  }

  /**
   * Fills {@code y} with the layer's sums: blocks of {@value #WIDE_VECTORS_PER_PASS} vectors on
   * 512-bit CPUs, then of {@value #VECTORS_PER_PASS}, 4, 2 and 1, then the remaining outputs with
   * the plain loops. With {@code skipZeroInputs} the live inputs are already listed in {@code
   * live[0 .. count)}. In a layer that {@link #reversesPasses}, the passes of the two widest block
   * sizes (the only ones that can come more than once) run last first when {@code backwards}.
   */
  @Override
  void addSums(CodeBlock.Builder code, Layer layer, boolean skipZeroInputs) {
    int out = layer.out();
    if (skipZeroInputs) {
      addLiveInputs(code, layer);
    }
    code.addStatement("$L[] bias = this.$N", type, context.member("b" + layer.number()));
    if (packs && SimdPassPacking.packed(layer, minLanes())) {
      code.addStatement("$L[] packed = $L", type, SimdPassPacking.reference(context, layer, baked));
    }
    if (int8) {
      code.addStatement("float[] scale = this.$N", context.member("w" + layer.number() + "s"));
    }
    code.addStatement("int v = 0");
    if (int8) {
      // int8 lanes are loaded a quarter as wide as the float lanes they widen to: 64 bits at least
      code.beginControlFlow("if (BYTE_VECTORS)");
    }
    int minLanes = minLanes();
    // int8: at most VECTORS_PER_PASS; 16 accumulators with their widenings stopped C2 compiling
    // the loop (N3 ran 200 times slower, BENCHMARKS.md "Weight storage")
    if (!compact && WIDE_VECTORS_PER_PASS * minLanes <= out) {
      code.beginControlFlow("if (WIDE)");
      addBlockLoop(code, layer, skipZeroInputs, WIDE_VECTORS_PER_PASS);
      code.endControlFlow();
    }
    for (int vectors = VECTORS_PER_PASS; vectors >= 1; vectors /= 2) {
      if (vectors * minLanes <= out) {
        addBlockLoop(code, layer, skipZeroInputs, vectors);
      }
    }
    if (int8) {
      code.endControlFlow();
    }
    code.add("// The outputs past the last whole vector, if any: plain loops, same order.\n");
    code.beginControlFlow("if (v < $L)", out);
    if (int8) {
      WeightStorageCode.addInt8Start(code, layer, "v");
    } else {
      code.addStatement("$T.arraycopy(bias, v, y, v, $L - v)", RuntimeTypes.SYSTEM, out);
    }
    addColumnLoops(code, layer, skipZeroInputs, "v");
    if (int8) {
      WeightStorageCode.addInt8Scaling(code, context, layer, "v");
    }
    code.endControlFlow();
  }

  /**
   * While {@code vectors} whole vectors of outputs remain from {@code v}: start them from the bias,
   * add every (live) input's column in order, store them; these passes last first when {@code
   * backwards} in a layer that {@link #reversesPasses}.
   */
  private void addBlockLoop(
      CodeBlock.Builder code, Layer layer, boolean skipZeroInputs, int vectors) {
    int out = layer.out();
    String width = vectors == 1 ? "LANES" : vectors + " * LANES";
    boolean mirrored = reversesPasses(layer) && vectors >= VECTORS_PER_PASS;
    if (mirrored) {
      // the passes [from, to) in either order; v is the current pass's first output
      code.add("{\n").indent();
      code.addStatement("int from = v");
      code.addStatement("int to = v + ($L - v) / ($L) * ($L)", out, width, width);
      code.beginControlFlow("for (int p = from; p < to; p += $L)", width);
      code.addStatement("v = backwards ? from + to - ($L) - p : p", width);
    } else {
      code.beginControlFlow("for (; v + $L <= $L; v += $L)", width, out, width);
    }
    for (int a = 0; a < vectors; a++) {
      if (int8) {
        code.addStatement("$T a$L = $T.zero(SPECIES)", vector, a, vector);
      } else {
        code.addStatement("$T a$L = $T.fromArray(SPECIES, bias, $L)", vector, a, vector, offset(a));
      }
    }
    if (packs) {
      code.addStatement("int block = v * $L", layer.in());
    }
    if (skipZeroInputs) {
      code.beginControlFlow("for (int k = 0; k < count; k++)");
      code.addStatement("int j = live[k]");
    } else {
      code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
    }
    if (packs) {
      code.addStatement("int at = block + j * $L", vectors == 1 ? "LANES" : "(" + width + ")");
    } else {
      code.addStatement("$L[] column = columns[j]", WeightStorageCode.columnType(context));
    }
    code.addStatement("$T xj = $T.broadcast(SPECIES, x[j])", vector, vector);
    for (int a = 0; a < vectors; a++) {
      if (int8) {
        code.addStatement(
            "a$L = (($T) $T.fromArray(BYTES, column, $L).convertShape($T.B2F, SPECIES, 0)).mul(xj).add(a$L)",
            a, vector, BYTE_VECTOR, offset(a), VECTOR_OPERATORS, a);
      } else if (bfloat16) {
        code.addStatement(
            "a$L = (($T) $T.fromArray(SHORTS, column, $L).convertShape($T.S2I, INTS, 0)"
                + ".lanewise($T.LSHL, $T.broadcast(INTS, 16)).reinterpretShape(SPECIES, 0)).mul(xj).add(a$L)",
            a, vector, SHORT_VECTOR, offset(a), VECTOR_OPERATORS, VECTOR_OPERATORS, INT_VECTOR, a);
      } else {
        code.addStatement(
            "a$L = $T.fromArray(SPECIES, packed, $L).mul(xj).add(a$L)", a, vector, offset("at", a), a);
      }
    }
    code.endControlFlow();
    for (int a = 0; a < vectors; a++) {
      if (int8) {
        CodeBlock scaled =
            CodeBlock.of(
                "$T.fromArray(SPECIES, scale, $L).mul(a$L).add($T.fromArray(SPECIES, bias, $L))",
                vector, offset(a), a, vector, offset(a));
        code.addStatement("$L.intoArray(y, $L)", exact(scaled, precision), offset(a));
      } else {
        code.addStatement("$L.intoArray(y, $L)", exact("a" + a, precision), offset(a));
      }
    }
    code.endControlFlow();
    if (mirrored) {
      code.addStatement("v = to");
      code.unindent().add("}\n");
    }
  }

  private static String offset(int vector) {
    return offset("v", vector);
  }

  private static String offset(String base, int vector) {
    return vector == 0 ? base : vector == 1 ? base + " + LANES" : base + " + " + vector + " * LANES";
  }

  /** The layer's activations: lane-wise where they have a vector form, else per element. */
  @Override
  void addActivations(CodeBlock.Builder code, Layer layer) {
    List<ActivationFunction> functions = layer.activations();
    for (int f = 0; f < functions.size(); f++) {
      String name = context.member("somaLanes" + layer.number() + (functions.size() > 1 ? "_" + f : ""));
      MethodSpec helper =
          addActivation(code, layer, functions.get(f), precision, context.network().activations(), "y", name);
      if (helper != null) {
        laneHelpers.add(helper);
      }
    }
  }

  /** The layer methods, then the methods holding the fast activations' vector code. */
  @Override
  public List<MethodSpec> helpers() {
    laneHelpers.clear();
    List<MethodSpec> helpers = new ArrayList<>(super.helpers());
    helpers.addAll(laneHelpers);
    if (packs && SimdPassPacking.anyPacked(network, minLanes())) {
      helpers.add(SimdPassPacking.packMethod(context));
    }
    return helpers;
  }

  /**
   * {@code function} applied to the first {@code layer.out()} elements of the array {@code array}:
   * whole vectors lane-wise where the function has a vector form, the rest with the scalar code,
   * which gives the same bits; other functions element by element. ReLU and leaky ReLU are written
   * here; the fast smooth functions ({@code activations = FAST}, {@link VectorActivationCode}) go
   * into their own method {@code helper(array)}, returned for the caller to add to the class: small
   * methods keep C2 within its inlining budget, and a Vector API call it does not inline boxes its
   * vectors (measured: 8 MB per call of a 784-512-512-10 sigmoid network written inline). Returns
   * null when no method is needed.
   */
  static MethodSpec addActivation(
      CodeBlock.Builder code,
      Layer layer,
      ActivationFunction function,
      Precision precision,
      ActivationMath math,
      String array,
      String helper) {
    if (function.kind() == Activation.Kind.IDENTITY) {
      return null;
    }
    CodeBlock simple = lanewise(function, "z", precision);
    if (simple == null && !VectorActivationCode.has(function, precision, math)) {
      LayerLoops.addActivation(code, layer, function, precision, math, array, array);
      return null;
    }
    CodeBlock.Builder loops = simple != null ? code : CodeBlock.builder();
    String target = simple != null ? array : "v";
    ClassName vector = vectorClass(precision);
    loops.beginControlFlow("for (int i = 0; i < SPECIES.loopBound($L); i += LANES)", layer.out());
    loops.addStatement("$T z = $T.fromArray(SPECIES, $L, i)", vector, vector, target);
    if (simple != null) {
      loops.addStatement("$L.intoArray($L, i)", exact(simple, precision), target);
    } else {
      loops.addStatement(
          "$L.intoArray($L, i)", exact(VectorActivationCode.apply(loops, function, "z"), precision), target);
    }
    loops.endControlFlow();
    loops.beginControlFlow("for (int i = SPECIES.loopBound($L); i < $L; i++)", layer.out(), layer.out());
    loops.addStatement(
        "$L[i] = $L", target, ActivationCode.apply(function, CodeBlock.of("$L[i]", target), precision, math));
    loops.endControlFlow();
    if (simple != null) {
      return null;
    }
    code.addStatement("$N($L)", helper, array);
    return MethodSpec.methodBuilder(helper)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc(
            "Layer $L's $L on outputs 0 to $L of {@code v}, lane-wise: the same bits as {@code FastActivations}.\n",
            layer.number(),
            function.describe(),
            layer.out() - 1)
        .addParameter(ArrayTypeName.of(precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE), "v")
        .addCode(loops.build())
        .build();
  }

  /**
   * {@code function} applied to the vector local {@code z}, lane by lane, giving the same bits as
   * {@code Activations}; null when there is no such one-expression form. ReLU is {@code Math.max(0,
   * z)}, which the Vector API's {@code max} follows (NaN stays NaN, -0 gives 0); leaky ReLU is
   * {@code z > 0 ? z : alpha * z}.
   */
  static CodeBlock lanewise(ActivationFunction function, String z, Precision precision) {
    Activation.Kind kind = function.kind();
    if (kind == Activation.Kind.RELU) {
      return CodeBlock.of("$L.max($L)", z, all(0.0, precision));
    }
    if (kind == Activation.Kind.LEAKY_RELU) {
      return CodeBlock.of(
          "$L.mul($L).blend($L, $L.compare($T.GT, $L))",
          z,
          all(function.alpha(), precision),
          z,
          z,
          VECTOR_OPERATORS,
          all(0.0, precision));
    }
    return null;
  }
}
