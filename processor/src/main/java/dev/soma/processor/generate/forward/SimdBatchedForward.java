package dev.soma.processor.generate.forward;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.soma.Activation;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.GeneratorOptions;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The batched form {@code void m(T[][] xs, T[][] ys)} of {@code @Network(simd = true)} networks
 * that are not unrolled: per dense layer a matrix product of a block of rows {@code X [rows x in]}
 * with {@code W^T}, written with the Vector API as a register-blocked kernel (the BLIS shape).
 *
 * <ul>
 *   <li>A tile of R rows by C vectors of outputs lives in R x C accumulator vectors for the whole
 *       loop over the layer's inputs: per input k, C weight vectors are loaded, each row's {@code
 *       x[r][k]} is broadcast, and R x C fused multiply-adds follow. R x C is 8 x 3 on CPUs with
 *       512-bit vectors (32 registers) and 6 x 2 on narrower ones (AVX2: 16), unless {@code
 *       -Asoma.simdTile} says otherwise; BENCHMARKS.md, "SIMD batched kernel", has the sweep
 *       ({@code benchmarks/simd-tile-sweep.sh}).
 *   <li>The weights are packed into the panels the kernel streams, once: for baked weights when
 *       the class initialises, for run-time weights in the constructor. A panel of P = C x LANES
 *       outputs holds its {@code in x P} weights contiguously, input after input; the outputs are
 *       zero-padded to whole vectors, and those past the last whole panel form one narrower panel
 *       of the vectors left, which runs as R x V tiles (N3's 512 outputs on 16 lanes: ten panels
 *       of 48 and one of 32, in 8 x 2 tiles).
 *   <li>Accumulators start from the bias; ReLU and leaky ReLU are applied to the tile in registers
 *       before it is stored; other activations run over each row afterwards, lane-wise where they
 *       have a vector form ({@link SimdForward#addActivation}).
 *   <li>Rows left over after whole tiles take tiles of R/2, R/4, ... and 1 rows; any batch size
 *       works. Rows run in blocks of the least multiple of the tile's rows that is at least {@value
 *       #MIN_BLOCK} (64 rows for 8-row tiles, 66 for 6-row ones), so batches of 64 and 256 run
 *       without smaller tiles on 512-bit CPUs. Hidden rows live in per-thread scratch blocks, padded to
 *       whole vectors; the last layer's block is copied into {@code ys}.
 * </ul>
 *
 * <p>Results are not bit-identical to the single-input form: each output is the same sum in the
 * same order (bias, then inputs in order), but every step is a fused multiply-add, rounded once
 * instead of twice. The difference from the exact sum is therefore within the usual bound for a
 * float dot product, {@code |y - exact| <= in * 2^-24 * (|b| + sum |w x|)} (2^-53 for double)
 * before the activation; {@code SimdBatchedTest} (benchmarks module) checks that bound, carried
 * through the layers, for both forms against a compensated (twice double precision) reference at
 * batch sizes 1 to 257. LayerNorm layers normalise each row of the block between the dense
 * layers with the same code as every other form; an INT8 or BF16 network with one runs row by row.
 * Double-precision networks use the
 * same kernel with {@code DoubleVector}. Zero inputs after a ReLU are not skipped: a tile shares
 * each input across R rows, which are rarely all zero. Everything runs deterministically: the
 * tile shape depends only on the CPU's vector width, and each output's operations are fixed.
 *
 * <p>INT8 and BF16 storage ({@link GemmStorage}): the panels hold the stored {@code byte} or
 * {@code short} values, packed in the constructor from the weight columns the single-input form
 * reads. For each block of rows, each panel is widened once into a float panel in the scratch
 * ({@code B2F}; {@code S2I} and a shift) and the float tiles run on it, so a weight is converted
 * once per 64 rows. Converting in the tile instead, as each weight vector is loaded (8 rows per
 * conversion), took 1.26x (N2) to 1.5x (N3) F32's time at batch 64: the widenings compete with the
 * fused multiply-adds for the same two ports; widened per block INT8 and BF16 took 0.95x to 1.18x
 * F32's time (BENCHMARKS.md, "SIMD batched kernel with INT8 and BF16 weights"). INT8 tiles start
 * from zero and write {@code sum * scale + bias} (a multiply, then an add, as the single-input form
 * does); the sum differs from the single-input form's only by the fused multiply-adds, and is
 * within the same bound counting two more roundings ({@code StorageBatchedTest}). On CPUs whose
 * float vectors are 128 bits INT8 has no byte vector to widen and runs row by row.
 *
 * <p>{@link #denseLayer} is the seam for other layer kinds: it writes one dense layer as {@code
 * somaGemmN(x, xFrom, y, yFrom, count)}, the signature of {@link BatchedForward}'s per-layer
 * methods, over rows that are at least {@code out} long.
 */
public final class SimdBatchedForward implements ForwardPass {
  /** Rows per block at least; a block is the least multiple of the tile's rows from here. */
  static final int MIN_BLOCK = 64;

  /** The most lanes a vector has on the CPUs Soma targets (AVX-512, floats), for the scratch size. */
  private static final int MAX_FLOAT_LANES = 16;

  /** Activations applied to the accumulators in registers. */
  private static final Set<Activation.Kind> IN_REGISTERS =
      EnumSet.of(Activation.Kind.IDENTITY, Activation.Kind.RELU, Activation.Kind.LEAKY_RELU);

  private final GeneratorContext context;
  private final NetworkModel network;
  private final Precision precision;
  private final String type;
  private final ClassName vector;
  private final boolean ownsVectorFields;
  private final boolean baked;
  private final GemmStorage storage;
  private final int[] wide;
  private final int[] narrow;

  /**
   * The SIMD batched form of {@code context}'s network with the tiles {@code options} gives; {@code
   * ownsVectorFields}: declare {@code SPECIES}, {@code LANES} and {@code WIDE} (no {@link
   * SimdForward} in the class does).
   */
  public SimdBatchedForward(GeneratorContext context, GeneratorOptions options, boolean ownsVectorFields) {
    this.context = context;
    this.network = context.network();
    this.precision = context.precision();
    this.type = context.keyword();
    this.vector = SimdForward.vectorClass(precision);
    this.ownsVectorFields = ownsVectorFields;
    this.storage = GemmStorage.of(context);
    // compact panels are packed from the instance's weight columns, baked or not
    this.baked = network.weightsKnown() && !storage.compact();
    this.wide = new int[] {options.simdTileRows(true), options.simdTileVectors(true)};
    this.narrow = new int[] {options.simdTileRows(false), options.simdTileVectors(false)};
  }

  @Override
  public CodeBlock body(NetworkMethod method) {
    NameAllocator names = context.locals(method);
    String xs = method.parameterNames().get(0);
    String ys = method.parameterNames().get(1);
    String scratch = names.newName("scratch");
    String start = names.newName("start");
    String count = names.newName("count");
    String b = names.newName("b");
    int layers = network.layers().size();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$T.batch($N, $N, $L, $L)", RuntimeTypes.CHECKS, xs, ys, network.inputs(), network.outputs());
    if (storage.scaled()) {
      code.beginControlFlow("if (!BYTE_VECTORS)");
      code.add("// int8 lanes narrower than 64 bits (128-bit float vectors): one row at a time\n");
      RowByRowBatched.addRows(code, context, xs, ys, names.newName("n"));
      code.addStatement("return");
      code.endControlFlow();
    }
    code.addStatement("$L[][][] $N = $N.take()", type, scratch, context.member("GEMM_SCRATCH"));
    code.beginControlFlow("try");
    String block = context.member("GEMM_BLOCK");
    code.beginControlFlow("for (int $N = 0; $N < $N.length; $N += $N)", start, start, xs, start, block);
    code.addStatement("int $N = $T.min($N, $N.length - $N)", count, RuntimeTypes.MATH, block, xs, start);
    code.addStatement("$T.blockRows($N, $N, $N, $N)", RuntimeTypes.CHECKS, xs, ys, start, count);
    String panel = storage.compact() ? CodeBlock.of(", $N[$L][0]", scratch, layers).toString() : "";
    code.addStatement("$N($N, $N, $N[0], 0, $N$L)", context.member("somaGemm1"), xs, start, scratch, count, panel);
    for (int l = 2; l <= layers; l++) {
      code.addStatement(
          "$N($N[$L], 0, $N[$L], 0, $N$L)",
          context.member("somaGemm" + l), scratch, l - 2, scratch, l - 1, count, panel);
    }
    code.beginControlFlow("for (int $N = 0; $N < $N; $N++)", b, b, count, b);
    code.addStatement(
        "$T.arraycopy($N[$L][$N], 0, $N[$N + $N], 0, $L)",
        RuntimeTypes.SYSTEM, scratch, layers - 1, b, ys, start, b, network.outputs());
    code.endControlFlow();
    code.endControlFlow();
    code.nextControlFlow("finally");
    code.addStatement("$N.give($N)", context.member("GEMM_SCRATCH"), scratch);
    code.endControlFlow();
    return code.build();
  }

  /**
   * The vector fields unless {@link SimdForward} declares them, {@code TILE_VECTORS}, {@code
   * PANEL}, the scratch blocks, and the packed weights and padded biases (static for baked
   * weights, per instance for run-time ones).
   */
  @Override
  public List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    if (ownsVectorFields) {
      fields.addAll(SimdForward.vectorFields(precision));
    }
    fields.add(
        FieldSpec.builder(TypeName.INT, context.member("TILE_VECTORS"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Vectors of outputs per register tile of the batched kernel, for this CPU's vector width.\n")
            .initializer("WIDE ? $L : $L", wide[1], narrow[1])
            .build());
    fields.add(
        FieldSpec.builder(TypeName.INT, context.member("PANEL"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Outputs per packed weight panel: one register tile wide.\n")
            .initializer("$N * LANES", context.member("TILE_VECTORS"))
            .build());
    fields.add(
        FieldSpec.builder(TypeName.INT, context.member("GEMM_BLOCK"), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Rows per block of the batched kernel: a multiple of the register tile's rows.\n")
            .initializer("WIDE ? $L : $L", block(wide[0]), block(narrow[0]))
            .build());
    List<String> blocks = new ArrayList<>();
    for (Layer layer : network.layers()) {
      blocks.add(
          CodeBlock.of("new $L[$L][$N($L)]", type, maxBlock(), context.member("somaPadded"), layer.out()).toString());
    }
    if (storage.compact()) {
      blocks.add(CodeBlock.of("new float[1][$L * $N]", maxIn(), context.member("PANEL")).toString());
    }
    fields.add(
        FieldSpec.builder(
                ParameterizedTypeName.get(RuntimeTypes.SCRATCH, ArrayTypeName.of(context.matrix())),
                context.member("GEMM_SCRATCH"),
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc(
                "Each layer's outputs for a block of rows, padded to whole vectors$L: per platform thread or per call.\n",
                storage.compact() ? ", then one panel of widened weights" : "")
            .initializer("$T.of(() -> new $L[][][] {$L})", RuntimeTypes.SCRATCH, type, String.join(", ", blocks))
            .build());
    for (Layer layer : network.layers()) {
      if (layer.isLayerNorm()) {
        continue;
      }
      int n = layer.number();
      int l = n - 1;
      if (baked) {
        fields.add(
            FieldSpec.builder(context.array(), packedWeights(n), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Layer $L's weights packed in panels for the batched kernel, when the class loads.\n", n)
                .initializer("$N(WEIGHTS[$L], $L, $L)", context.member("somaPack"), l, layer.out(), layer.in())
                .build());
        fields.add(
            FieldSpec.builder(context.array(), paddedBias(n), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Layer $L's biases padded with zeros to whole vectors.\n", n)
                .initializer(
                    "$T.copyOf(BIASES[$L], $N($L))", RuntimeTypes.ARRAYS, l, context.member("somaPadded"), layer.out())
                .build());
      } else {
        fields.add(
            FieldSpec.builder(storage.panels(), packedWeights(n), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's $L packed in panels for the batched kernel.\n", n, storedWeights())
                .build());
        if (storage.scaled()) {
          fields.add(
              FieldSpec.builder(context.array(), paddedScale(n), Modifier.PRIVATE, Modifier.FINAL)
                  .addJavadoc("Layer $L's weight scales padded with zeros to whole vectors.\n", n)
                  .build());
        }
        fields.add(
            FieldSpec.builder(context.array(), paddedBias(n), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's biases padded with zeros to whole vectors.\n", n)
                .build());
      }
    }
    return fields;
  }

  private String packedWeights(int n) {
    return context.member(baked ? "W" + n + "P" : "w" + n + "p");
  }

  private String paddedBias(int n) {
    return context.member(baked ? "B" + n + "P" : "b" + n + "p");
  }

  private String paddedScale(int n) {
    return context.member("s" + n + "p");
  }

  private String storedWeights() {
    return storage.scaled() ? "int8 weights" : storage.compact() ? "bfloat16 weights" : "weights";
  }

  /**
   * Run-time weights: packs each layer's weights and pads its biases; INT8 and BF16 (baked or not):
   * packs the stored weight columns, pads biases and scales.
   */
  @Override
  public void addConstructorCode(CodeBlock.Builder code) {
    if (baked) {
      return;
    }
    for (Layer layer : network.layers()) {
      if (layer.isLayerNorm()) {
        continue;
      }
      int n = layer.number();
      int l = n - 1;
      if (storage.compact()) {
        code.addStatement(
            "this.$N = $N(this.$N, $L, $L)",
            packedWeights(n), context.member("somaPack"), storage.columns(n), layer.out(), layer.in());
        code.addStatement(
            "this.$N = $T.copyOf(this.$N, $N($L))",
            paddedBias(n), RuntimeTypes.ARRAYS, storage.biases(n), context.member("somaPadded"), layer.out());
        if (storage.scaled()) {
          code.addStatement(
              "this.$N = $T.copyOf(this.$N, $N($L))",
              paddedScale(n), RuntimeTypes.ARRAYS, storage.scales(n), context.member("somaPadded"), layer.out());
        }
        continue;
      }
      code.addStatement(
          "this.$N = $N(weights[$L], $L, $L)", packedWeights(n), context.member("somaPack"), l, layer.out(), layer.in());
      code.addStatement(
          "this.$N = $T.copyOf(biases[$L], $N($L))",
          paddedBias(n), RuntimeTypes.ARRAYS, l, context.member("somaPadded"), layer.out());
    }
  }

  @Override
  public List<MethodSpec> helpers() {
    List<MethodSpec> helpers = new ArrayList<>();
    helpers.add(paddedMethod());
    helpers.add(packMethod());
    if (storage.compact()) {
      helpers.add(widenMethod());
    }
    for (Layer layer : network.layers()) {
      helpers.addAll(denseLayer(layer));
    }
    return helpers;
  }

  /** Per layer a block's rows of its outputs, padded to whole 512-bit vectors (at most). */
  @Override
  public long scratchValues() {
    int lanes = precision == Precision.FLOAT ? MAX_FLOAT_LANES : MAX_FLOAT_LANES / 2;
    long values = 0;
    for (Layer layer : network.layers()) {
      values += (long) maxBlock() * ((layer.out() + lanes - 1) / lanes * lanes);
    }
    if (storage.compact()) {
      values += (long) maxIn() * Math.max(wide[1], narrow[1]) * MAX_FLOAT_LANES;
    }
    return values;
  }

  /** The most inputs of a layer: a widened panel holds {@code in x PANEL} floats. */
  private int maxIn() {
    return network.layers().stream().filter(l -> !l.isLayerNorm()).mapToInt(Layer::in).max().orElse(0);
  }

  /** The least multiple of {@code tileRows} that is at least {@link #MIN_BLOCK}. */
  static int block(int tileRows) {
    return (MIN_BLOCK + tileRows - 1) / tileRows * tileRows;
  }

  /** Rows of the scratch blocks: the larger of the two tiles' blocks. */
  private int maxBlock() {
    return Math.max(block(wide[0]), block(narrow[0]));
  }

  private MethodSpec paddedMethod() {
    return MethodSpec.methodBuilder(context.member("somaPadded"))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("{@code out} rounded up to whole vectors.\n")
        .returns(TypeName.INT)
        .addParameter(TypeName.INT, "out")
        .addStatement("return (out + LANES - 1) / LANES * LANES")
        .build();
  }

  /**
   * {@code somaPack(weights, out, in)}: row-major {@code out x in} weights into panels: outputs
   * {@code [o, o + P)} of a whole panel at {@code o * in}, input k's P weights at {@code o * in + k
   * * P}; past the last whole panel the same with P = the outputs left, padded to whole vectors
   * with zeros beyond {@code out}.
   */
  private MethodSpec packMethod() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("int padded = $N(out)", context.member("somaPadded"));
    code.addStatement("int full = padded / $N * $N", context.member("PANEL"), context.member("PANEL"));
    code.addStatement("$T packed = new $T[padded * in]", storage.panels(), storage.element());
    code.beginControlFlow("for (int o = 0; o < out; o++)");
    code.addStatement("int width = o < full ? $N : padded - full", context.member("PANEL"));
    code.addStatement("int panel = o < full ? o - o % width : full");
    code.addStatement("int at = panel * in + (o - panel)");
    code.beginControlFlow("for (int k = 0; k < in; k++)");
    code.addStatement(storage.compact() ? "packed[at + k * width] = columns[k][o]" : "packed[at + k * width] = weights[o * in + k]");
    code.endControlFlow();
    code.endControlFlow();
    code.addStatement("return packed");
    return MethodSpec.methodBuilder(context.member("somaPack"))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc(
            "$L packed in the panels the batched kernel streams: a whole\n"
                + "panel of {@code PANEL} outputs from {@code o} holds input k's weights at {@code o * in + k *\n"
                + "PANEL}; the outputs past the last whole panel (outputs padded with zeros to whole vectors)\n"
                + "are packed the same way in one panel as wide as the vectors left.\n",
            storage.compact() ? "The stored weights by input column ({@code columns[k][o]})" : "Row-major {@code out x in} weights")
        .returns(storage.panels())
        .addParameter(storage.compact() ? ArrayTypeName.of(storage.panels()) : context.array(), storage.compact() ? "columns" : "weights")
        .addParameter(TypeName.INT, "out")
        .addParameter(TypeName.INT, "in")
        .addCode(code.build())
        .build();
  }

  /** INT8 and BF16: {@code length} stored weights of a panel from {@code w[from]} as floats into {@code panel}. */
  private MethodSpec widenMethod() {
    return MethodSpec.methodBuilder(context.member("somaWiden"))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc(
            "The $L {@code w[from .. from + length)}, a whole number of vectors, as floats into\n"
                + "{@code panel[0 .. length)}: once per panel and block of rows, for every tile of the block.\n",
            storedWeights())
        .addParameter(storage.panels(), "w")
        .addParameter(TypeName.INT, "from")
        .addParameter(context.array(), "panel")
        .addParameter(TypeName.INT, "length")
        .beginControlFlow("for (int i = 0; i < length; i += LANES)")
        .addStatement("$L.intoArray(panel, i)", SimdForward.exact(storage.load("w", "from + i"), precision))
        .endControlFlow()
        .build();
  }

  /**
   * The seam: one layer as {@code somaGemmN(x, xFrom, y, yFrom, count)} (INT8 and BF16: and the
   * widened {@code panel}), which computes {@code count} rows {@code x[xFrom..]} into {@code
   * y[yFrom..]} (rows at least {@code out} long; entries past {@code out} may be overwritten), plus
   * the register tiles it calls. A dense layer runs the tiles; a LayerNorm runs {@code
   * LayerNorms.apply} per row, as every other form does.
   */
  public List<MethodSpec> denseLayer(Layer layer) {
    int n = layer.number();
    boolean inRegisters =
        !layer.isLayerNorm() && layer.activations().stream().allMatch(f -> IN_REGISTERS.contains(f.kind()));
    Set<List<Integer>> tiles = new LinkedHashSet<>();
    CodeBlock.Builder code = CodeBlock.builder();
    if (layer.isLayerNorm()) {
      // the same LayerNorms.apply per row as every other form
      code.beginControlFlow("for (int b = 0; b < count; b++)");
      LayerNormCode.applyWithFields(code, context, layer, CodeBlock.of("x[xFrom + b]"), CodeBlock.of("y[yFrom + b]"));
      code.endControlFlow();
    } else {
      addDenseSums(code, layer, tiles);
    }
    List<MethodSpec> methods = new ArrayList<>();
    if (!inRegisters) {
      code.beginControlFlow("for (int b = 0; b < count; b++)");
      code.addStatement("$L[] row = y[yFrom + b]", type);
      List<ActivationFunction> functions = layer.activations();
      for (int f = 0; f < functions.size(); f++) {
        String name = context.member("somaGemmLanes" + n + (functions.size() > 1 ? "_" + f : ""));
        MethodSpec helper =
            SimdForward.addActivation(code, layer, functions.get(f), precision, network.activations(), "row", name);
        if (helper != null) {
          methods.add(helper);
        }
      }
      code.endControlFlow();
    }
    methods.add(
        0,
        MethodSpec.methodBuilder(context.member("somaGemm" + n))
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "$L, for {@code count} rows of a batch: rows {@code x[xFrom..]} in, {@code y[yFrom..]} out\n"
                    + "(padded to whole vectors), $L.\n",
                GeneratorContext.describeCapitalised(layer),
                layer.isLayerNorm() ? "one row at a time" : "one register tile at a time")
            .addParameter(context.matrix(), "x")
            .addParameter(TypeName.INT, "xFrom")
            .addParameter(context.matrix(), "y")
            .addParameter(TypeName.INT, "yFrom")
            .addParameter(TypeName.INT, "count")
            .addParameters(
                storage.compact()
                    ? List.of(ParameterSpec.builder(context.array(), "panel").build())
                    : List.of())
            .addCode(code.build())
            .build());
    for (List<Integer> tile : tiles) {
      methods.add(tileMethod(layer, tile.get(0), tile.get(1), inRegisters));
    }
    return methods;
  }

  /** The layer's tiles over all its panels, for this CPU's tile shape. */
  private void addDenseSums(CodeBlock.Builder code, Layer layer, Set<List<Integer>> tiles) {
    int n = layer.number();
    String weights = baked ? packedWeights(n) : "this." + packedWeights(n);
    String bias = baked ? paddedBias(n) : "this." + paddedBias(n);
    code.addStatement("$T w = $L", storage.panels(), weights);
    code.addStatement("$L[] bias = $L", type, bias);
    if (storage.scaled()) {
      code.addStatement("float[] scale = this.$N", paddedScale(n));
    }
    boolean sameTiles = wide[0] == narrow[0] && wide[1] == narrow[1];
    if (!sameTiles) {
      code.beginControlFlow("if (WIDE)");
    }
    addPanels(code, layer, wide[0], wide[1], tiles);
    if (!sameTiles) {
      code.nextControlFlow("else");
      addPanels(code, layer, narrow[0], narrow[1], tiles);
      code.endControlFlow();
    }
  }

  /**
   * Whole panels of {@code vectors} vectors, then one panel of the 1 to {@code vectors - 1} vectors
   * left (how many depends on LANES, so each count is a branch); in each, tiles of {@code rows}
   * rows, then of rows/2, rows/4, ... and 1 for the rows left.
   */
  private void addPanels(CodeBlock.Builder code, Layer layer, int rows, int vectors, Set<List<Integer>> tiles) {
    code.addStatement("int end = $N($L)", context.member("somaPadded"), layer.out());
    code.addStatement("int o = 0");
    code.beginControlFlow("for (; o + $L <= end; o += $L)", width(vectors), width(vectors));
    addRowTiles(code, layer, rows, vectors, tiles);
    code.endControlFlow();
    for (int left = 1; left < vectors; left++) {
      if (left == 1) {
        code.beginControlFlow("if (o + $L == end)", width(left));
      } else {
        code.nextControlFlow("else if (o + $L == end)", width(left));
      }
      addRowTiles(code, layer, rows, left, tiles);
    }
    if (vectors > 1) {
      code.endControlFlow();
    }
  }

  private static String width(int vectors) {
    return vectors == 1 ? "LANES" : vectors + " * LANES";
  }

  private void addRowTiles(CodeBlock.Builder code, Layer layer, int rows, int vectors, Set<List<Integer>> tiles) {
    if (storage.compact()) {
      code.addStatement("$N(w, o * $L, panel, $L * $L)", context.member("somaWiden"), layer.in(), width(vectors), layer.in());
    }
    code.addStatement("int r = 0");
    List<Integer> sizes = new ArrayList<>();
    for (int size = rows; size > 1; size /= 2) {
      sizes.add(size);
    }
    for (int s = 0; s < sizes.size(); s++) {
      int size = sizes.get(s);
      if (s == 0) {
        code.beginControlFlow("for (; r + $L <= count; r += $L)", size, size);
      } else {
        code.beginControlFlow("if (r + $L <= count)", size);
      }
      code.addStatement("$N(x, xFrom + r, y, yFrom + r, $L, bias, $Lo)", tileName(layer, size, vectors), storage.compact() ? "panel" : "w", scaleArgument());
      if (s > 0) {
        code.addStatement("r += $L", size);
      }
      code.endControlFlow();
      tiles.add(List.of(size, vectors));
    }
    code.beginControlFlow("for (; r < count; r++)");
    code.addStatement("$N(x, xFrom + r, y, yFrom + r, $L, bias, $Lo)", tileName(layer, 1, vectors), storage.compact() ? "panel" : "w", scaleArgument());
    code.endControlFlow();
    tiles.add(List.of(1, vectors));
  }

  private String scaleArgument() {
    return storage.scaled() ? "scale, " : "";
  }

  private String tileName(Layer layer, int rows, int vectors) {
    return context.member("somaGemm" + layer.number() + "Tile" + rows + "x" + vectors);
  }

  /**
   * {@code rows x vectors} outputs: rows {@code x[xRow..]}, outputs {@code [o, o + vectors *
   * LANES)} of the panel at {@code w[o * in]}, into {@code y[yRow..]}.
   */
  private MethodSpec tileMethod(Layer layer, int rows, int vectors, boolean inRegisters) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (int r = 0; r < rows; r++) {
      code.addStatement("$L[] x$L = x[xRow$L]", type, r, r == 0 ? "" : " + " + r);
    }
    for (int c = 0; c < vectors; c++) {
      code.addStatement("$T b$L = $T.fromArray(SPECIES, bias, $L)", vector, c, vector, offset("o", c));
    }
    if (storage.scaled()) {
      for (int c = 0; c < vectors; c++) {
        code.addStatement("$T s$L = $T.fromArray(SPECIES, scale, $L)", vector, c, vector, offset("o", c));
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < vectors; c++) {
        if (storage.scaled()) {
          code.addStatement("$T a$L_$L = $T.zero(SPECIES)", vector, r, c, vector);
        } else {
          code.addStatement("$T a$L_$L = b$L", vector, r, c, c);
        }
      }
    }
    if (storage.compact()) {
      code.addStatement("int at = 0");
    } else {
      code.addStatement("int at = o * $L", layer.in());
    }
    code.beginControlFlow("for (int k = 0; k < $L; k++)", layer.in());
    for (int c = 0; c < vectors; c++) {
      code.addStatement("$T w$L = $T.fromArray(SPECIES, w, $L)", vector, c, vector, offset("at", c));
    }
    for (int r = 0; r < rows; r++) {
      code.addStatement("$T x$L_k = $T.broadcast(SPECIES, x$L[k])", vector, r, vector, r);
      for (int c = 0; c < vectors; c++) {
        code.addStatement("a$L_$L = w$L.fma(x$L_k, a$L_$L)", r, c, c, r, r, c);
      }
    }
    code.addStatement("at += $L", width(vectors));
    code.endControlFlow();
    for (int r = 0; r < rows; r++) {
      code.addStatement("$L[] y$L = y[yRow$L]", type, r, r == 0 ? "" : " + " + r);
      for (int c = 0; c < vectors; c++) {
        if (storage.scaled()) {
          // the accumulator as an argument, never a receiver (SimdForward: boxed vectors)
          code.addStatement("a$L_$L = s$L.mul(a$L_$L).add(b$L)", r, c, c, r, c, c);
        }
        CodeBlock value = CodeBlock.of("a$L_$L", r, c);
        if (inRegisters) {
          for (ActivationFunction function : layer.activations()) {
            CodeBlock lanewise = SimdForward.lanewise(function, value.toString(), precision);
            if (lanewise != null) {
              value = lanewise;
            }
          }
        }
        code.addStatement("$L.intoArray(y$L, $L)", SimdForward.exact(value, precision), r, offset("o", c));
      }
    }
    MethodSpec.Builder tile =
        MethodSpec.methodBuilder(tileName(layer, rows, vectors))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Layer $L, $L row(s) by $L vector(s) of outputs from {@code o}, summed in registers over all $L\n"
                + "inputs: rows {@code x[xRow..]} in, {@code y[yRow..]} out.\n",
            layer.number(), rows, vectors, layer.in())
        .addParameter(context.matrix(), "x")
        .addParameter(TypeName.INT, "xRow")
        .addParameter(context.matrix(), "y")
        .addParameter(TypeName.INT, "yRow")
        .addParameter(context.array(), "w")
        .addParameter(context.array(), "bias");
    if (storage.scaled()) {
      tile.addParameter(context.array(), "scale");
    }
    return tile.addParameter(TypeName.INT, "o").addCode(code.build()).build();
  }

  private static String offset(String base, int vector) {
    return vector == 0 ? base : vector == 1 ? base + " + LANES" : base + " + " + vector + " * LANES";
  }
}
