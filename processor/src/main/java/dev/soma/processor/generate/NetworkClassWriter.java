package dev.soma.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.soma.Activation;
import dev.soma.Storage;
import dev.soma.processor.generate.forward.BatchedForward;
import dev.soma.processor.generate.forward.CodeStrategy;
import dev.soma.processor.generate.forward.ForwardPass;
import dev.soma.processor.generate.forward.LoopForward;
import dev.soma.processor.generate.forward.RowByRowBatched;
import dev.soma.processor.generate.forward.SimdBatchedForward;
import dev.soma.processor.generate.forward.SimdForward;
import dev.soma.processor.generate.forward.UnrolledForward;
import dev.soma.processor.generate.forward.WeightStorageCode;
import dev.soma.processor.generate.train.TrainerWriter;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import dev.soma.processor.model.StoredWeights;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Stage 3: writes the {@code Soma<Name>} class for a validated {@link NetworkModel}. It lays out
 * the class (constants, weights, constructors, accessors, files), then asks the forward passes the
 * strategy picked ({@link CodeStrategy#choose}) for the interface methods' bodies and the fields and
 * helpers those need.
 */
public final class NetworkClassWriter {
  /** Activations after which He initialisation fits; Xavier for the rest. */
  private static final Set<Activation.Kind> RELU_LIKE =
      EnumSet.of(
          Activation.Kind.RELU,
          Activation.Kind.LEAKY_RELU,
          Activation.Kind.SWISH,
          Activation.Kind.GELU,
          Activation.Kind.GELU_TANH);

  /**
   * Baked weights up to this many values become literal array initialisers; more go into a
   * safetensors resource beside the class. Each literal element costs about 7 bytes of the static
   * initialiser, which javac limits to 64 KB, and the constant pool holds at most 65,535 entries.
   */
  static final long MAX_LITERAL_VALUES = 4096;

  private final GeneratorContext context;
  private final NetworkModel network;
  private final String type;
  private final TypeName array;
  private final TypeName matrix;
  private final ClassName generated;
  private final CodeStrategy strategy;
  private final boolean baked;
  private final boolean literalForward;
  /** INT8 storage in the loop forms: byte weight columns and per-output scales. */
  private final boolean int8;
  /** BF16 storage in the loop forms: short weight columns. */
  private final boolean bfloat16;

  private NetworkClassWriter(NetworkModel network, GeneratorOptions options) {
    this.context = new GeneratorContext(network);
    this.network = network;
    this.type = context.keyword();
    this.array = context.array();
    this.matrix = context.matrix();
    this.generated = context.generated();
    this.strategy = CodeStrategy.choose(network, options);
    this.baked = network.weightsKnown();
    this.literalForward = baked && strategy == CodeStrategy.UNROLLED;
    this.int8 = WeightStorageCode.int8Loops(network, strategy);
    this.bfloat16 = WeightStorageCode.bfloat16Loops(network, strategy);
  }

  /**
   * The generated class, the trainer class when the network is {@code trainable}, and, for large
   * baked weights, the class's resource.
   */
  public static GeneratedNetwork write(NetworkModel network, GeneratorOptions options) {
    if (network.storage() != Storage.F32
        && network.weightsKnown()
        && !WeightStorageCode.int8Loops(network, CodeStrategy.choose(network, options))) {
      // BF16, F16 and unrolled INT8 compute with the float values the storage keeps: bake those
      network = StoredWeights.applied(network);
    }
    NetworkClassWriter writer = new NetworkClassWriter(network, options);
    List<TypeSpec> types = new ArrayList<>(List.of(writer.modelClass(options)));
    if (network.trainable()) {
      types.add(TrainerWriter.write(writer.context));
    }
    if (writer.bakedInResource()) {
      return new GeneratedNetwork(
          network.packageName(), types, writer.resourceName(), BakedResource.bytes(network));
    }
    return new GeneratedNetwork(network.packageName(), types, null, null);
  }

  private boolean bakedInResource() {
    return baked && (network.parameters() > MAX_LITERAL_VALUES || int8);
  }

  private String resourceName() {
    return network.generatedName() + ".safetensors";
  }

  /** The single-input forward pass {@link #strategy} names. */
  private ForwardPass singleInputPass() {
    switch (strategy) {
      case UNROLLED:
        return new UnrolledForward(context, literalForward);
      case SIMD_LOOPS:
        return new SimdForward(context);
      default:
        return new LoopForward(context);
    }
  }

  /**
   * The batched form: the Vector API kernel for SIMD loop networks (INT8 and BF16 ones without
   * LayerNorm), else one single-input pass per row for INT8 and BF16 columns, else the plain blocks
   * (per row for unrolled networks).
   */
  private ForwardPass batchedPass(GeneratorOptions options, ForwardPass single, boolean anySingle) {
    boolean norms = network.layers().stream().anyMatch(Layer::isLayerNorm);
    if (strategy == CodeStrategy.SIMD_LOOPS && !(norms && (int8 || bfloat16))) {
      // INT8 and BF16 classes always hold the single-input pass, and with it the vector fields
      return new SimdBatchedForward(context, options, !anySingle && !int8 && !bfloat16);
    }
    if (int8 || bfloat16) {
      return new RowByRowBatched(context);
    }
    return new BatchedForward(
        context, options, single instanceof UnrolledForward ? (UnrolledForward) single : null);
  }

  private TypeSpec modelClass(GeneratorOptions options) {
    ForwardPass single = singleInputPass();
    boolean anySingle = network.methods().stream().anyMatch(m -> m.form() != MethodForm.BATCH);
    boolean anyBatch = network.methods().stream().anyMatch(m -> m.form() == MethodForm.BATCH);
    ForwardPass batched = anyBatch ? batchedPass(options, single, anySingle) : null;
    List<ForwardPass> passes = new ArrayList<>();
    if (anySingle || int8 || bfloat16) {
      passes.add(single);
    }
    if (batched != null) {
      passes.add(batched);
    }
    TypeSpec.Builder type =
        TypeSpec.classBuilder(generated)
            .addAnnotation(GeneratorContext.generatedAnnotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(context.networkInterface())
            .alwaysQualify(context.typeLikeUserNames())
            .addJavadoc(
                "The network {@link $T} compiled by Soma: $L.\n\n"
                    + "<p>Instances are immutable and safe to share between threads; forward passes allocate nothing\n"
                    + "except the array returned by {@code T[] m(T[] x)}.\n",
                context.networkInterface(),
                context.shape());
    addConstants(type);
    long scratch = passes.stream().mapToLong(ForwardPass::scratchValues).sum();
    type.addField(
        FieldSpec.builder(TypeName.LONG, "SCRATCH_VALUES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Array elements of per-thread scratch memory ($L values, and int indices of non-zero inputs)\n"
                    + "each thread that calls this network holds.\n",
                this.type)
            .initializer("$LL", scratch)
            .build());
    type.addField(shapesField());
    if (bakedInResource()) {
      addResourceArrays(type);
    } else if (baked) {
      type.addField(literalArrays("WEIGHTS", "Weights baked in at compile time, row-major out x in, one array per layer.", true));
      type.addField(literalArrays("BIASES", "Biases baked in at compile time, one array per layer.", false));
    }
    for (ForwardPass pass : passes) {
      pass.fields().forEach(type::addField);
    }
    if (!literalForward) {
      addWeightFields(type);
    }
    addConstructors(type, passes);
    addAccessors(type);
    addFileMethods(type);
    for (NetworkMethod method : network.methods()) {
      MethodSpec.Builder spec =
          MethodSpec.methodBuilder(method.name())
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC);
      addSignature(spec, method);
      spec.varargs(method.varargs());
      spec.addCode((method.form() == MethodForm.BATCH ? batched : single).body(method));
      type.addMethod(spec.build());
    }
    for (ForwardPass pass : passes) {
      pass.helpers().forEach(type::addMethod);
    }
    type.addMethod(
        MethodSpec.methodBuilder("toString")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return $S", network.generatedName() + "[" + context.shape() + "]")
            .build());
    return type.build();
  }

  /** Whether weight fields hold each layer's weights by input column (the loop forms' layout). */
  private boolean columnLayout() {
    return strategy != CodeStrategy.UNROLLED;
  }

  private void addConstants(TypeSpec.Builder type) {
    type.addField(constant(TypeName.INT, "INPUTS", "Inputs of the first layer.", network.inputs() + ""));
    type.addField(constant(TypeName.INT, "OUTPUTS", "Outputs of the last layer.", network.outputs() + ""));
    boolean norms = network.layers().stream().anyMatch(Layer::isLayerNorm);
    type.addField(
        constant(
            TypeName.INT,
            "LAYERS",
            norms ? "Dense and LayerNorm layers after Soma fused linear pairs." : "Dense layers after Soma fused linear pairs.",
            network.layers().size() + ""));
    type.addField(constant(TypeName.LONG, "PARAMETERS", "Weights and biases.", network.parameters() + "L"));
    type.addField(
        constant(
            TypeName.LONG,
            "FLOPS",
            "Floating-point operations per inference: two per multiply-add, one per activation and output.",
            network.flops() + "L"));
  }

  private static FieldSpec constant(TypeName type, String name, String doc, String value) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer("$L", value)
        .build();
  }

  private FieldSpec literalArrays(String name, String doc, boolean weights) {
    CodeBlock.Builder init = CodeBlock.builder().add("{\n").indent();
    List<Layer> layers = network.layers();
    for (int l = 0; l < layers.size(); l++) {
      Layer layer = layers.get(l);
      double[] values = weights ? layer.weights().orElseThrow() : layer.bias().orElseThrow();
      int perLine = weights ? layer.in() : values.length;
      init.add("{");
      for (int k = 0; k < values.length; k++) {
        if (k > 0) {
          init.add(k % Math.max(1, Math.min(perLine, 8)) == 0 ? ",\n    " : ", ");
        }
        init.add("$L", context.literal(values[k]));
      }
      init.add(l + 1 < layers.size() ? "},\n" : "}\n");
    }
    init.unindent().add("}");
    return FieldSpec.builder(matrix, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer(init.build())
        .build();
  }

  private FieldSpec shapesField() {
    List<CodeBlock> names = new ArrayList<>();
    List<CodeBlock> ins = new ArrayList<>();
    List<CodeBlock> outs = new ArrayList<>();
    List<CodeBlock> norms = new ArrayList<>();
    for (Layer layer : network.layers()) {
      names.add(CodeBlock.of("$S", layer.name()));
      ins.add(CodeBlock.of("$L", layer.in()));
      outs.add(CodeBlock.of("$L", layer.out()));
      norms.add(CodeBlock.of("$L", layer.isLayerNorm()));
    }
    boolean anyNorm = network.layers().stream().anyMatch(Layer::isLayerNorm);
    return FieldSpec.builder(RuntimeTypes.SHAPES, "SHAPES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(
            "Each layer's tensor name (empty: by position), inputs and outputs$L, for weight files.\n",
            anyNorm ? ", and whether it is a LayerNorm" : "")
        .initializer(
            "new $T(\n    new String[] {$L},\n    new int[] {$L},\n    new int[] {$L}$L)",
            RuntimeTypes.SHAPES,
            CodeBlock.join(names, ", "),
            CodeBlock.join(ins, ", "),
            CodeBlock.join(outs, ", "),
            anyNorm ? CodeBlock.of(",\n    new boolean[] {$L}", CodeBlock.join(norms, ", ")) : "")
        .build();
  }

  /** Large baked weights: read once from the safetensors resource the processor wrote beside the class. */
  private void addResourceArrays(TypeSpec.Builder type) {
    if (int8) {
      type.addField(
          FieldSpec.builder(RuntimeTypes.INT8_LAYERS, "BAKED", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "Int8 weights, their per-output scales and the biases baked in at compile time: read once\n"
                      + "from the resource {@code $L} beside this class.\n",
                  resourceName())
              .initializer("$T.bakedInt8($T.class, $S, SHAPES)", RuntimeTypes.QUANTIZATION, generated, resourceName())
              .build());
      return;
    }
    String loader = context.precision() == Precision.FLOAT ? "bakedFloats" : "bakedDoubles";
    type.addField(
        FieldSpec.builder(ArrayTypeName.of(matrix), "BAKED", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Weights and biases baked in at compile time, too many for literals: read once from the\n"
                    + "resource {@code $L} beside this class.\n",
                resourceName())
            .initializer("$T.$L($T.class, $S, SHAPES)", RuntimeTypes.NETWORK_FILES, loader, generated, resourceName())
            .build());
    type.addField(
        FieldSpec.builder(matrix, "WEIGHTS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("BAKED[0]")
            .build());
    type.addField(
        FieldSpec.builder(matrix, "BIASES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("BAKED[1]")
            .build());
  }

  private void addFileMethods(TypeSpec.Builder type) {
    ClassName path = RuntimeTypes.PATH;
    ClassName io = RuntimeTypes.IO_EXCEPTION;
    type.addMethod(
        MethodSpec.methodBuilder("save")
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(
                int8
                    ? "Saves the weights as stored, in safetensors: per layer {@code <name>.weight}, int8 (I8) of\n"
                        + "shape [out, in], {@code <name>.weight_scale} (F32, [out]) and {@code <name>.bias}, unnamed\n"
                        + "layers as {@code 0}, {@code 1}, ... The file loads back unchanged with {@code load}.\n"
                    : "Saves the weights as safetensors: per layer {@code <name>.weight} of shape [out, in] and\n"
                        + "{@code <name>.bias} of shape [out], unnamed layers as {@code 0}, {@code 1}, ... The file\n"
                        + "loads back with {@code load} or bakes into a class with {@code @Network(weights = ...)}.\n")
            .addParameter(path, "file")
            .addException(io)
            .addStatement(saveStatement())
            .build());
    if (baked) {
      return;
    }
    ClassName files = RuntimeTypes.FILES;
    ClassName stream = RuntimeTypes.INPUT_STREAM;
    type.addMethod(
        MethodSpec.methodBuilder("load")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(generated)
            .addJavadoc(
                "Loads weights saved by {@code save}, or exported from PyTorch with {@code\n"
                    + "safetensors.torch.save_file(model.state_dict(), ...)}.\n\n"
                    + "@throws IOException if the file cannot be read, is truncated or corrupt, describes far\n"
                    + "    more data than this network needs, or a tensor is missing, has the wrong shape or holds a\n"
                    + "    NaN or infinity (the message names it, with expected and found shapes)\n")
            .addParameter(path, "file")
            .addException(io)
            .beginControlFlow("try ($T in = $T.newInputStream(file))", stream, files)
            .addStatement("return load(in)")
            .endControlFlow()
            .build());
    String loader = context.precision() == Precision.FLOAT ? "loadFloats" : "loadDoubles";
    if (int8) {
      type.addMethod(
          MethodSpec.methodBuilder("load")
              .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
              .returns(generated)
              .addJavadoc(
                  "Loads weights in safetensors format from {@code in}, which is read to its end but not closed:\n"
                      + "int8 weights as {@code save} writes them, taken as they are, or float weights, quantized.\n")
              .addParameter(stream, "in")
              .addException(io)
              .addStatement(
                  "return new $T($T.loadInt8($T.read(in, SHAPES), SHAPES))",
                  generated,
                  RuntimeTypes.QUANTIZATION,
                  RuntimeTypes.NETWORK_FILES)
              .build());
      return;
    }
    type.addMethod(
        MethodSpec.methodBuilder("load")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(generated)
            .addJavadoc("Loads weights in safetensors format from {@code in}, which is read to its end but not closed.\n")
            .addParameter(stream, "in")
            .addException(io)
            .addStatement(
                "$L[][][] loaded = $T.$L($T.read(in, SHAPES), SHAPES)",
                this.type,
                RuntimeTypes.NETWORK_FILES,
                loader,
                RuntimeTypes.NETWORK_FILES)
            .addStatement("return new $T(loaded[0], loaded[1])", generated)
            .build());
  }

  /** {@code save}'s statement: the float weights, or for INT8 the stored int8 weights and scales. */
  private CodeBlock saveStatement() {
    if (!int8) {
      return CodeBlock.of("$T.save(file, SHAPES, weights(), biases())", RuntimeTypes.NETWORK_FILES);
    }
    List<CodeBlock> columns = new ArrayList<>();
    List<CodeBlock> scales = new ArrayList<>();
    List<CodeBlock> biases = new ArrayList<>();
    for (Layer layer : network.layers()) {
      int n = layer.number();
      columns.add(CodeBlock.of("$N", context.member("w" + n + "c")));
      scales.add(CodeBlock.of("$N", context.member("w" + n + "s")));
      biases.add(CodeBlock.of("$N", context.member("b" + n)));
    }
    return CodeBlock.of(
        "$T.save(file, SHAPES, new byte[][][] {$L}, new float[][] {$L}, new float[][] {$L})",
        RuntimeTypes.QUANTIZATION,
        CodeBlock.join(columns, ", "),
        CodeBlock.join(scales, ", "),
        CodeBlock.join(biases, ", "));
  }

  private void addWeightFields(TypeSpec.Builder type) {
    for (Layer layer : network.layers()) {
      int n = layer.number();
      if (layer.isLayerNorm()) {
        type.addField(
            FieldSpec.builder(array, context.member("w" + n), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's LayerNorm scale gamma, one per feature.\n", n)
                .build());
        type.addField(
            FieldSpec.builder(array, context.member("b" + n), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's LayerNorm shift beta, one per feature.\n", n)
                .build());
        continue;
      }
      if (int8) {
        type.addField(
            FieldSpec.builder(byte[][].class, context.member("w" + n + "c"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(
                    "Layer $L's int8 weights by input: {@code w$Lc[j][i] * w$Ls[i]} is the weight of input j into neuron i.\n",
                    n, n, n)
                .build());
        type.addField(
            FieldSpec.builder(float[].class, context.member("w" + n + "s"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's weight scale per neuron.\n", n)
                .build());
      } else if (bfloat16) {
        type.addField(
            FieldSpec.builder(short[][].class, context.member("w" + n + "c"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc(
                    "Layer $L's bfloat16 weights by input: {@code w$Lc[j][i]} holds the upper 16 bits of the weight of\n"
                        + "input j into neuron i.\n",
                    n, n)
                .build());
      } else if (columnLayout()) {
        type.addField(
            FieldSpec.builder(matrix, context.member("w" + n + "c"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's weights by input: {@code w$Lc[j][i]} is the weight of input j into neuron i.\n", n, n)
                .build());
      } else {
        type.addField(
            FieldSpec.builder(array, context.member("w" + n), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's weights, row-major $L x $L.\n", n, layer.out(), layer.in())
                .build());
      }
      type.addField(
          FieldSpec.builder(array, context.member("b" + n), Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc("Layer $L's biases.\n", n)
              .build());
    }
  }

  private void addConstructors(TypeSpec.Builder type, List<ForwardPass> passes) {
    if (literalForward) {
      type.addMethod(
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PUBLIC)
              .addJavadoc("Creates the network with the weights baked in at compile time.\n")
              .build());
      return;
    }
    if (int8) {
      type.addMethod(int8LayersConstructor(passes));
    }
    if (baked && int8) {
      type.addMethod(
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PUBLIC)
              .addJavadoc("Creates the network with the int8 weights baked in at compile time.\n")
              .addStatement("this(BAKED)")
              .build());
      return;
    }
    if (baked) {
      type.addMethod(
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PUBLIC)
              .addJavadoc("Creates the network with the weights baked in at compile time.\n")
              .addStatement("this(WEIGHTS, BIASES)")
              .build());
    }
    CodeBlock.Builder code = CodeBlock.builder();
    int layers = network.layers().size();
    code.addStatement("$T.count(weights, $L, $S)", RuntimeTypes.CHECKS, layers, "weights");
    code.addStatement("$T.count(biases, $L, $S)", RuntimeTypes.CHECKS, layers, "biases");
    for (Layer layer : network.layers()) {
      int n = layer.number();
      int l = n - 1;
      code.addStatement(
          "$T.length(weights[$L], $L, $S)",
          RuntimeTypes.CHECKS,
          l,
          layer.terms(),
          layer.isLayerNorm()
              ? "weights[" + l + "] (layer " + n + ", LayerNorm gamma)"
              : "weights[" + l + "] (layer " + n + ", " + layer.out() + " x " + layer.in() + " row-major)");
      code.addStatement(
          "$T.length(biases[$L], $L, $S)",
          RuntimeTypes.CHECKS,
          l,
          layer.out(),
          "biases[" + l + "] (layer " + n + (layer.isLayerNorm() ? ", LayerNorm beta)" : ")"));
    }
    for (Layer layer : network.layers()) {
      int n = layer.number();
      int l = n - 1;
      CodeBlock weights = CodeBlock.of("weights[$L]", l);
      if (!baked && network.storage() != Storage.F32 && !int8 && !bfloat16 && !layer.isLayerNorm()) {
        weights =
            CodeBlock.of(
                "$T.stored($T.$L, weights[$L], $L, $L)",
                RuntimeTypes.QUANTIZATION, RuntimeTypes.STORAGE, network.storage(), l, layer.out(), layer.in());
      }
      if (layer.isLayerNorm()) {
        code.addStatement("this.$N = weights[$L].clone()", context.member("w" + n), l);
      } else if (int8) {
        code.addStatement(
            "this.$N = $T.int8Scales(weights[$L], $L, $L)",
            context.member("w" + n + "s"), RuntimeTypes.QUANTIZATION, l, layer.out(), layer.in());
        code.addStatement(
            "this.$N = $T.int8Columns(weights[$L], $L, $L, this.$N)",
            context.member("w" + n + "c"), RuntimeTypes.QUANTIZATION, l, layer.out(), layer.in(),
            context.member("w" + n + "s"));
      } else if (bfloat16) {
        code.addStatement(
            "this.$N = $T.bfloat16Columns(weights[$L], $L, $L)",
            context.member("w" + n + "c"), RuntimeTypes.QUANTIZATION, l, layer.out(), layer.in());
      } else if (columnLayout()) {
        code.addStatement(
            "this.$N = $T.columns($L, $L, $L)",
            context.member("w" + n + "c"), RuntimeTypes.LAYOUT, weights, layer.out(), layer.in());
      } else {
        code.addStatement("this.$N = $L.clone()", context.member("w" + n), weights);
      }
      code.addStatement("this.$N = biases[$L].clone()", context.member("b" + n), l);
    }
    for (ForwardPass pass : passes) {
      pass.addConstructorCode(code);
    }
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addModifiers(baked ? Modifier.PRIVATE : Modifier.PUBLIC)
            .addParameter(matrix, "weights")
            .addParameter(matrix, "biases")
            .addCode(code.build());
    if (!baked) {
      constructor.addJavadoc(
          "Creates the network with the given weights, which are copied.\n\n"
              + "@param weights one array per layer, row-major out x in: {@code weights[l][i * in + j]} is the\n"
              + "    weight of input j into neuron i of layer l + 1\n"
              + "@param biases one array per layer, of length out\n"
              + "@throws IllegalArgumentException if an array has the wrong length: $L\n",
          context.layerShapes());
    }
    type.addMethod(constructor.build());
    if (!baked) {
      type.addMethod(randomMethod());
    }
  }

  /** INT8: the int8 columns, scales and biases from a resource or file, as they are stored. */
  private MethodSpec int8LayersConstructor(List<ForwardPass> passes) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Layer layer : network.layers()) {
      int n = layer.number();
      int l = n - 1;
      code.addStatement(
          "this.$N = $T.columns(layers.weights[$L], $L, $L)",
          context.member("w" + n + "c"), RuntimeTypes.QUANTIZATION, l, layer.out(), layer.in());
      code.addStatement("this.$N = layers.scales[$L].clone()", context.member("w" + n + "s"), l);
      code.addStatement("this.$N = layers.biases[$L].clone()", context.member("b" + n), l);
    }
    for (ForwardPass pass : passes) {
      pass.addConstructorCode(code);
    }
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(RuntimeTypes.INT8_LAYERS, "layers")
        .addCode(code.build())
        .build();
  }

  private MethodSpec randomMethod() {
    List<CodeBlock> weights = new ArrayList<>();
    List<CodeBlock> biases = new ArrayList<>();
    for (Layer layer : network.layers()) {
      if (layer.isLayerNorm()) {
        CodeBlock ones = CodeBlock.of("$T.ones($L)", RuntimeTypes.INIT, layer.out());
        weights.add(context.precision() == Precision.FLOAT ? CodeBlock.of("$T.floats($L)", RuntimeTypes.INIT, ones) : ones);
        biases.add(CodeBlock.of("new $L[$L]", type, layer.out()));
        continue;
      }
      boolean he = !layer.activations().isEmpty() && RELU_LIKE.contains(layer.activations().get(0).kind());
      CodeBlock init =
          CodeBlock.of("$T.$L(random, $L, $L)", RuntimeTypes.INIT, he ? "he" : "xavier", layer.in(), layer.out());
      weights.add(context.precision() == Precision.FLOAT ? CodeBlock.of("$T.floats($L)", RuntimeTypes.INIT, init) : init);
      biases.add(CodeBlock.of("new $L[$L]", type, layer.out()));
    }
    return MethodSpec.methodBuilder("random")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(generated)
        .addJavadoc(
            "A network with seeded random weights (He initialisation before ReLU-like activations,\n"
                + "Xavier otherwise) and zero biases; the same seed gives the same weights on every JVM.$L\n",
            network.layers().stream().anyMatch(Layer::isLayerNorm)
                ? "\nLayerNorm layers start with gamma 1 and beta 0."
                : "")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("$T random = new $T(seed)", RuntimeTypes.SPLITTABLE_RANDOM, RuntimeTypes.SPLITTABLE_RANDOM)
        .addStatement(
            "return new $T(\n    new $L[][] {$L},\n    new $L[][] {$L})",
            generated,
            type,
            CodeBlock.join(weights, ", "),
            type,
            CodeBlock.join(biases, ", "))
        .build();
  }

  private void addAccessors(TypeSpec.Builder type) {
    CodeBlock weights;
    CodeBlock biases;
    if (literalForward) {
      weights = CodeBlock.of("return $T.copy(WEIGHTS)", RuntimeTypes.LAYOUT);
      biases = CodeBlock.of("return $T.copy(BIASES)", RuntimeTypes.LAYOUT);
    } else {
      List<CodeBlock> w = new ArrayList<>();
      List<CodeBlock> b = new ArrayList<>();
      for (Layer layer : network.layers()) {
        int n = layer.number();
        w.add(
            layer.isLayerNorm()
                ? CodeBlock.of("$N.clone()", context.member("w" + n))
                : int8
                ? CodeBlock.of(
                    "$T.rows($N, $N, $L, $L)",
                    RuntimeTypes.QUANTIZATION, context.member("w" + n + "c"), context.member("w" + n + "s"),
                    layer.out(), layer.in())
                : bfloat16
                    ? CodeBlock.of(
                        "$T.rows($N, $L, $L)",
                        RuntimeTypes.QUANTIZATION, context.member("w" + n + "c"), layer.out(), layer.in())
                : columnLayout()
                ? CodeBlock.of(
                    "$T.rows($N, $L, $L)", RuntimeTypes.LAYOUT, context.member("w" + n + "c"), layer.out(), layer.in())
                : CodeBlock.of("$N.clone()", context.member("w" + n)));
        b.add(CodeBlock.of("$N.clone()", context.member("b" + n)));
      }
      weights = CodeBlock.of("return new $L[][] {$L}", this.type, CodeBlock.join(w, ", "));
      biases = CodeBlock.of("return new $L[][] {$L}", this.type, CodeBlock.join(b, ", "));
    }
    type.addMethod(
        MethodSpec.methodBuilder("weights")
            .addModifiers(Modifier.PUBLIC)
            .returns(matrix)
            .addJavadoc("A copy of the weights, one row-major out x in array per layer.\n")
            .addStatement(weights)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("biases")
            .addModifiers(Modifier.PUBLIC)
            .returns(matrix)
            .addJavadoc("A copy of the biases, one array per layer.\n")
            .addStatement(biases)
            .build());
  }

  private void addSignature(MethodSpec.Builder spec, NetworkMethod method) {
    TypeName scalar = context.scalar();
    List<String> names = method.parameterNames();
    switch (method.form()) {
      case ARRAY_RETURN:
        spec.returns(array).addParameter(array, names.get(0));
        break;
      case ARRAY_INTO:
        spec.addParameter(array, names.get(0)).addParameter(array, names.get(1));
        break;
      case ARGMAX:
        spec.returns(TypeName.INT).addParameter(array, names.get(0));
        break;
      case BATCH:
        spec.addParameter(matrix, names.get(0)).addParameter(matrix, names.get(1));
        break;
      case SCALAR:
        spec.returns(scalar);
        for (String name : names) {
          spec.addParameter(scalar, name);
        }
        break;
      default:
        throw new IllegalArgumentException(method.form().toString());
    }
  }
}
