package dev.soma.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.soma.Activation;
import dev.soma.processor.generate.train.TrainerWriter;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** Stage 3: writes the {@code Soma<Name>} class for a validated {@link NetworkModel}. */
public final class NetworkClassWriter {
  static final ClassName CHECKS = ClassName.get("dev.soma.runtime", "Checks");
  public static final ClassName LAYOUT = ClassName.get("dev.soma.runtime", "Layout");
  public static final String PROCESSOR = "dev.soma.processor.SomaProcessor";

  /** Activations after which He initialisation fits; Xavier for the rest. */
  private static final Set<Activation.Kind> RELU_LIKE =
      EnumSet.of(
          Activation.Kind.RELU,
          Activation.Kind.LEAKY_RELU,
          Activation.Kind.SWISH,
          Activation.Kind.GELU,
          Activation.Kind.GELU_TANH);

  private final NetworkModel network;
  private final Precision precision;
  private final String type;
  private final TypeName array;
  private final TypeName matrix;
  private final ClassName generated;
  private final CodeStrategy strategy;
  private final boolean baked;

  private NetworkClassWriter(NetworkModel network) {
    this.network = network;
    this.precision = network.precision();
    this.type = precision.javaType();
    this.array = ArrayTypeName.of(precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE);
    this.matrix = ArrayTypeName.of(array);
    this.generated = ClassName.get(network.packageName(), network.generatedName());
    this.strategy = CodeStrategy.choose(network);
    this.baked = network.weightsKnown();
  }

  /**
   * Baked weights up to this many values become literal array initialisers; more go into a
   * safetensors resource beside the class. Each literal element costs about 7 bytes of the static
   * initialiser, which javac limits to 64 KB, and the constant pool holds at most 65,535 entries.
   */
  static final long MAX_LITERAL_VALUES = 4096;

  private static final ClassName NETWORK_FILES = ClassName.get("dev.soma.runtime", "NetworkFiles");
  private static final ClassName SHAPES = ClassName.get("dev.soma.runtime", "NetworkFiles", "Shapes");

  /**
   * The generated class, the trainer class when the network is {@code trainable}, and, for large
   * baked weights, the class's resource.
   */
  public static GeneratedNetwork write(NetworkModel network) {
    NetworkClassWriter writer = new NetworkClassWriter(network);
    List<JavaFile> sources = new ArrayList<>(List.of(writer.file()));
    if (network.trainable()) {
      sources.add(TrainerWriter.write(network));
    }
    if (writer.bakedInResource()) {
      return new GeneratedNetwork(sources, writer.resourceName(), BakedResource.bytes(network));
    }
    return new GeneratedNetwork(sources, null, null);
  }

  private boolean bakedInResource() {
    return baked && network.parameters() > MAX_LITERAL_VALUES;
  }

  private String resourceName() {
    return network.generatedName() + ".safetensors";
  }

  private JavaFile file() {
    String[] names = network.interfaceName().split("\\.");
    ClassName iface =
        ClassName.get(network.packageName(), names[0], java.util.Arrays.copyOfRange(names, 1, names.length));
    TypeSpec.Builder type =
        TypeSpec.classBuilder(generated)
            .addOriginatingElement(network.type())
            .addAnnotation(
                AnnotationSpec.builder(ClassNameHolder.GENERATED).addMember("value", "$S", PROCESSOR).build())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(iface)
            .addJavadoc(
                "The network {@link $T} compiled by Soma: $L.\n\n"
                    + "<p>Instances are immutable and safe to share between threads; forward passes allocate nothing\n"
                    + "except the array returned by {@code T[] m(T[] x)}.\n",
                iface,
                shape());
    addConstants(type);
    LoopForward loops = strategy == CodeStrategy.LOOPS ? new LoopForward(network) : null;
    type.addField(
        FieldSpec.builder(TypeName.LONG, "SCRATCH_VALUES", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("$L values of per-thread scratch memory this network uses.\n", capitalised(this.type))
            .initializer("$LL", loops == null ? 0 : loops.scratchSize())
            .build());
    type.addField(shapesField());
    if (bakedInResource()) {
      addResourceArrays(type);
    } else if (baked) {
      type.addField(literalArrays("WEIGHTS", "Weights baked in at compile time, row-major out x in, one array per layer.", true));
      type.addField(literalArrays("BIASES", "Biases baked in at compile time, one array per layer.", false));
    }
    if (loops != null) {
      loops.scratchFields().forEach(type::addField);
    }
    boolean literalForward = baked && strategy == CodeStrategy.UNROLLED;
    if (!literalForward) {
      addWeightFields(type);
    }
    addConstructors(type, literalForward);
    addAccessors(type, literalForward);
    addFileMethods(type);
    UnrolledForward unrolled = strategy == CodeStrategy.UNROLLED ? new UnrolledForward(network, literalForward) : null;
    BatchedForward batched = new BatchedForward(network, strategy);
    for (NetworkMethod declared : network.methods()) {
      NetworkMethod method = ParameterNames.canonical(declared);
      MethodSpec.Builder spec =
          MethodSpec.methodBuilder(method.name())
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC);
      addSignature(spec, method);
      if (method.form() == MethodForm.BATCH) {
        spec.addCode(batched.body(method));
      } else {
        spec.addCode(unrolled != null ? unrolled.body(method) : loops.body(method));
      }
      type.addMethod(spec.build());
    }
    if (batched.needed()) {
      for (Object member : batched.members(unrolled)) {
        if (member instanceof FieldSpec) {
          type.addField((FieldSpec) member);
        } else {
          type.addMethod((MethodSpec) member);
        }
      }
    }
    if (loops != null) {
      type.addMethod(loops.forwardMethod());
      for (Layer layer : network.layers()) {
        type.addMethod(loops.layerMethod(layer));
      }
    }
    type.addMethod(
        MethodSpec.methodBuilder("toString")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return $S", network.generatedName() + "[" + shape() + "]")
            .build());
    return JavaFile.builder(network.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
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
        init.add("$L", Literals.of(values[k], precision));
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
    return FieldSpec.builder(SHAPES, "SHAPES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Each layer's tensor name (empty: by position), inputs and outputs, for weight files.\n")
        .initializer(
            "new $T(\n    new String[] {$L},\n    new int[] {$L},\n    new int[] {$L})",
            SHAPES,
            CodeBlock.join(names, ", "),
            CodeBlock.join(ins, ", "),
            CodeBlock.join(outs, ", "))
        .build();
  }

  /** Large baked weights: read once from the safetensors resource the processor wrote beside the class. */
  private void addResourceArrays(TypeSpec.Builder type) {
    String loader = precision == Precision.FLOAT ? "bakedFloats" : "bakedDoubles";
    type.addField(
        FieldSpec.builder(ArrayTypeName.of(matrix), "BAKED", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Weights and biases baked in at compile time, too many for literals: read once from the\n"
                    + "resource {@code $L} beside this class.\n",
                resourceName())
            .initializer("$T.$L($T.class, $S, SHAPES)", NETWORK_FILES, loader, generated, resourceName())
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
    ClassName path = ClassName.get("java.nio.file", "Path");
    ClassName io = ClassName.get("java.io", "IOException");
    type.addMethod(
        MethodSpec.methodBuilder("save")
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(
                "Saves the weights as safetensors: per layer {@code <name>.weight} of shape [out, in] and\n"
                    + "{@code <name>.bias} of shape [out], unnamed layers as {@code 0}, {@code 1}, ... The file\n"
                    + "loads back with {@code load} or bakes into a class with {@code @Network(weights = ...)}.\n")
            .addParameter(path, "file")
            .addException(io)
            .addStatement("$T.save(file, SHAPES, weights(), biases())", NETWORK_FILES)
            .build());
    if (baked) {
      return;
    }
    ClassName files = ClassName.get("java.nio.file", "Files");
    ClassName stream = ClassName.get("java.io", "InputStream");
    type.addMethod(
        MethodSpec.methodBuilder("load")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(generated)
            .addJavadoc(
                "Loads weights saved by {@code save}, or exported from PyTorch with {@code\n"
                    + "safetensors.torch.save_file(model.state_dict(), ...)}.\n\n"
                    + "@throws IOException if the file cannot be read, is truncated or corrupt, or a tensor is\n"
                    + "    missing or has the wrong shape (the message names it, with expected and found shapes)\n")
            .addParameter(path, "file")
            .addException(io)
            .beginControlFlow("try ($T in = $T.newInputStream(file))", stream, files)
            .addStatement("return load(in)")
            .endControlFlow()
            .build());
    String loader = precision == Precision.FLOAT ? "loadFloats" : "loadDoubles";
    type.addMethod(
        MethodSpec.methodBuilder("load")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(generated)
            .addJavadoc("Loads weights in safetensors format from {@code in}, which is read to its end but not closed.\n")
            .addParameter(stream, "in")
            .addException(io)
            .addStatement("$L[][][] loaded = $T.$L($T.read(in), SHAPES)", this.type, NETWORK_FILES, loader, NETWORK_FILES)
            .addStatement("return new $T(loaded[0], loaded[1])", generated)
            .build());
  }

  private void addWeightFields(TypeSpec.Builder type) {
    for (Layer layer : network.layers()) {
      int n = layer.number();
      if (strategy == CodeStrategy.LOOPS) {
        type.addField(
            FieldSpec.builder(matrix, "w" + n + "c", Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's weights by input: {@code w$Lc[j][i]} is the weight of input j into neuron i.\n", n, n)
                .build());
      } else {
        type.addField(
            FieldSpec.builder(array, "w" + n, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Layer $L's weights, row-major $L x $L.\n", n, layer.out(), layer.in())
                .build());
      }
      type.addField(
          FieldSpec.builder(array, "b" + n, Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc("Layer $L's biases.\n", n)
              .build());
    }
  }

  private void addConstructors(TypeSpec.Builder type, boolean literalForward) {
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
    code.addStatement("$T.count(weights, $L, $S)", CHECKS, layers, "weights");
    code.addStatement("$T.count(biases, $L, $S)", CHECKS, layers, "biases");
    for (Layer layer : network.layers()) {
      int n = layer.number();
      int l = n - 1;
      code.addStatement(
          "$T.length(weights[$L], $L, $S)",
          CHECKS,
          l,
          layer.terms(),
          "weights[" + l + "] (layer " + n + ", " + layer.out() + " x " + layer.in() + " row-major)");
      code.addStatement(
          "$T.length(biases[$L], $L, $S)", CHECKS, l, layer.out(), "biases[" + l + "] (layer " + n + ")");
    }
    for (Layer layer : network.layers()) {
      int n = layer.number();
      int l = n - 1;
      if (strategy == CodeStrategy.LOOPS) {
        code.addStatement("this.w$Lc = $T.columns(weights[$L], $L, $L)", n, LAYOUT, l, layer.out(), layer.in());
      } else {
        code.addStatement("this.w$L = weights[$L].clone()", n, l);
      }
      code.addStatement("this.b$L = biases[$L].clone()", n, l);
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
          shapes());
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
          CodeBlock.of("$T.$L(random, $L, $L)", ClassNameHolder.INIT, he ? "he" : "xavier", layer.in(), layer.out());
      weights.add(precision == Precision.FLOAT ? CodeBlock.of("$T.floats($L)", ClassNameHolder.INIT, init) : init);
      biases.add(CodeBlock.of("new $L[$L]", type, layer.out()));
    }
    return MethodSpec.methodBuilder("random")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(generated)
        .addJavadoc(
            "A network with seeded random weights (He initialisation before ReLU-like activations,\n"
                + "Xavier otherwise) and zero biases; the same seed gives the same weights on every JVM.\n")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("$T random = new $T(seed)", ClassNameHolder.SPLITTABLE_RANDOM, ClassNameHolder.SPLITTABLE_RANDOM)
        .addStatement(
            "return new $T(\n    new $L[][] {$L},\n    new $L[][] {$L})",
            generated,
            type,
            CodeBlock.join(weights, ", "),
            type,
            CodeBlock.join(biases, ", "))
        .build();
  }

  private void addAccessors(TypeSpec.Builder type, boolean literalForward) {
    CodeBlock weights;
    CodeBlock biases;
    if (literalForward) {
      weights = CodeBlock.of("return $T.copy(WEIGHTS)", LAYOUT);
      biases = CodeBlock.of("return $T.copy(BIASES)", LAYOUT);
    } else {
      List<CodeBlock> w = new ArrayList<>();
      List<CodeBlock> b = new ArrayList<>();
      for (Layer layer : network.layers()) {
        int n = layer.number();
        w.add(
            strategy == CodeStrategy.LOOPS
                ? CodeBlock.of("$T.rows(w$Lc, $L, $L)", LAYOUT, n, layer.out(), layer.in())
                : CodeBlock.of("w$L.clone()", n));
        b.add(CodeBlock.of("b$L.clone()", n));
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
    TypeName scalar = precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
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

  /** {@code 3 -> 2 relu -> 1 sigmoid}. */
  private String shape() {
    StringBuilder shape = new StringBuilder().append(network.inputs());
    for (Layer layer : network.layers()) {
      shape.append(" -> ").append(layer.out());
      for (ActivationFunction function : layer.activations()) {
        shape.append(' ').append(function.describe());
      }
    }
    return shape.toString();
  }

  private String shapes() {
    return network.layers().stream()
        .map(l -> "layer " + l.number() + " has " + l.out() + " x " + l.in())
        .collect(Collectors.joining(", "));
  }

  /** {@code layer 1: dense 3 -> 2, relu}. */
  public static String describe(Layer layer) {
    String activations =
        layer.activations().isEmpty()
            ? "linear"
            : layer.activations().stream().map(ActivationFunction::describe).collect(Collectors.joining(" then "));
    String origin = layer.origin().equals("layer " + layer.number()) ? "" : " (" + layer.origin() + ")";
    return "layer " + layer.number() + origin + ": dense " + layer.in() + " -> " + layer.out() + ", " + activations;
  }

  public static String capitalised(String text) {
    return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }

}
