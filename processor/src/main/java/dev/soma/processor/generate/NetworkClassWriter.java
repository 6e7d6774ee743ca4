package dev.soma.processor.generate;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.soma.Activation;
import dev.soma.processor.generate.forward.BatchedForward;
import dev.soma.processor.generate.forward.CodeStrategy;
import dev.soma.processor.generate.forward.ForwardPass;
import dev.soma.processor.generate.forward.LoopForward;
import dev.soma.processor.generate.forward.SimdBatchedForward;
import dev.soma.processor.generate.forward.SimdForward;
import dev.soma.processor.generate.forward.UnrolledForward;
import dev.soma.processor.generate.train.TrainerWriter;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
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
  }

  /**
   * The generated class, the trainer class when the network is {@code trainable}, and, for large
   * baked weights, the class's resource.
   */
  public static GeneratedNetwork write(NetworkModel network, GeneratorOptions options) {
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
    return baked && network.parameters() > MAX_LITERAL_VALUES;
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
   * The batched form: the Vector API kernel for SIMD loop networks, else the plain blocks (per row
   * for unrolled networks).
   */
  private ForwardPass batchedPass(GeneratorOptions options, ForwardPass single, boolean anySingle) {
    if (strategy == CodeStrategy.SIMD_LOOPS) {
      return new SimdBatchedForward(context, options, !anySingle);
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
    if (anySingle) {
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
    type.addField(constant(TypeName.INT, "LAYERS", "Dense layers after Soma fused linear pairs.", network.layers().size() + ""));
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
    for (Layer layer : network.layers()) {
      names.add(CodeBlock.of("$S", layer.name()));
      ins.add(CodeBlock.of("$L", layer.in()));
      outs.add(CodeBlock.of("$L", layer.out()));
    }
    return FieldSpec.builder(RuntimeTypes.SHAPES, "SHAPES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Each layer's tensor name (empty: by position), inputs and outputs, for weight files.\n")
        .initializer(
            "new $T(\n    new String[] {$L},\n    new int[] {$L},\n    new int[] {$L})",
            RuntimeTypes.SHAPES,
            CodeBlock.join(names, ", "),
            CodeBlock.join(ins, ", "),
            CodeBlock.join(outs, ", "))
        .build();
  }

  /** Large baked weights: read once from the safetensors resource the processor wrote beside the class. */
  private void addResourceArrays(TypeSpec.Builder type) {
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
                "Saves the weights as safetensors: per layer {@code <name>.weight} of shape [out, in] and\n"
                    + "{@code <name>.bias} of shape [out], unnamed layers as {@code 0}, {@code 1}, ... The file\n"
                    + "loads back with {@code load} or bakes into a class with {@code @Network(weights = ...)}.\n")
            .addParameter(path, "file")
            .addException(io)
            .addStatement("$T.save(file, SHAPES, weights(), biases())", RuntimeTypes.NETWORK_FILES)
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

  private void addWeightFields(TypeSpec.Builder type) {
    for (Layer layer : network.layers()) {
      int n = layer.number();
      if (columnLayout()) {
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
          "weights[" + l + "] (layer " + n + ", " + layer.out() + " x " + layer.in() + " row-major)");
      code.addStatement(
          "$T.length(biases[$L], $L, $S)", RuntimeTypes.CHECKS, l, layer.out(), "biases[" + l + "] (layer " + n + ")");
    }
    for (Layer layer : network.layers()) {
      int n = layer.number();
      int l = n - 1;
      if (columnLayout()) {
        code.addStatement(
            "this.$N = $T.columns(weights[$L], $L, $L)",
            context.member("w" + n + "c"), RuntimeTypes.LAYOUT, l, layer.out(), layer.in());
      } else {
        code.addStatement("this.$N = weights[$L].clone()", context.member("w" + n), l);
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

  private MethodSpec randomMethod() {
    List<CodeBlock> weights = new ArrayList<>();
    List<CodeBlock> biases = new ArrayList<>();
    for (Layer layer : network.layers()) {
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
                + "Xavier otherwise) and zero biases; the same seed gives the same weights on every JVM.\n")
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
            columnLayout()
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
