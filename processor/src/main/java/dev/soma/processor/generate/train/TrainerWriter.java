package dev.soma.processor.generate.train;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.soma.Activation;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code SomaXTrainer}, the backpropagation trainer of a network declared with
 * {@code @Network(trainable = true)}, as a top-level class of its own beside the model class
 * {@code SomaX}: {@code new SomaXTrainer(options)} (or {@code (options, start)}) trains with mini-batches,
 * and {@code fit} returns a new {@code SomaX}. The trainer reaches {@code SomaX} only through its
 * public API (the constructor taking weights and biases, {@code random}, {@code weights()}, {@code
 * biases()}), so the model class holds no training code.
 *
 * <p>The generated code keeps, per layer {@code n}: weights by input column {@code w<n>c[j][i]}
 * (the layout the forward loops vectorise on), biases {@code b<n>}, gradient sums {@code gw<n>c}
 * and {@code gb<n>} of the same shapes, the pre-activation {@code z<n>}, the outputs of any further
 * activations {@code a<n>_<s>}, the layer's output {@code h<n>}, and {@code d<n>}, which holds
 * {@code dL/dz<n>} during the backward pass. All arrays are allocated once, when the trainer is created,
 * and every loop bound is a compile-time constant.
 */
public final class TrainerWriter {
  private static final ClassName LOSS = RuntimeTypes.LOSS;
  private static final ClassName OPTIONS = RuntimeTypes.TRAINING_OPTIONS;
  private static final ClassName OPTIMIZER_STATE = RuntimeTypes.OPTIMIZER_STATE;
  private static final ClassName RUN = RuntimeTypes.TRAINING_RUN;
  private static final ClassName TRAINING_CHECKS = RuntimeTypes.TRAINING_CHECKS;
  private static final ClassName REPORT = RuntimeTypes.EPOCH_REPORT;
  private static final ClassName KIND = RuntimeTypes.ACTIVATION_KIND;
  private static final ClassName ARRAYS = RuntimeTypes.ARRAYS;
  private static final ClassName LIST = RuntimeTypes.LIST;

  private final NetworkModel network;
  private final ClassName model;
  private final ClassName trainer;
  private final Precision precision;
  private final String type;
  private final TypeName array;
  private final TypeName matrix;
  private final List<Layer> layers;
  private final Layer last;
  private final int outputs;

  private TrainerWriter(GeneratorContext context) {
    this.network = context.network();
    this.model = context.generated();
    this.trainer = ClassName.get(model.packageName(), model.simpleName() + "Trainer");
    this.precision = context.precision();
    this.type = context.keyword();
    this.array = context.array();
    this.matrix = context.matrix();
    this.layers = network.layers();
    this.last = layers.get(layers.size() - 1);
    this.outputs = network.outputs();
  }

  /**
   * The trainer class {@code Soma<Name>Trainer} of the network {@code context} describes, whose
   * weights must not be baked in, in the package of the model class {@code Soma<Name>}.
   */
  public static TypeSpec write(GeneratorContext context) {
    return new TrainerWriter(context).trainerClass();
  }

  private TypeSpec trainerClass() {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(trainer)
            .addAnnotation(GeneratorContext.generatedAnnotation())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "Trains a {@link $T} by backpropagation: mini-batches, seeded shuffling, the"
                    + " options' optimizer,\n"
                    + "and a loss that must fit the output layer ({@code CROSS_ENTROPY} after"
                    + " SOFTMAX,\n"
                    + "{@code BINARY_CROSS_ENTROPY} after SIGMOID, {@code MSE} after anything)."
                    + " Cross-entropy losses\n"
                    + "are fused with their activation: the gradient at the activation's input is"
                    + " {@code y - t}\n"
                    + "(divided by the number of outputs for binary cross-entropy, which averages"
                    + " over them).\n\n"
                    + "<p>STEP has zero gradient wherever it has one, so a network with a STEP"
                    + " layer cannot be trained\n"
                    + "and the constructors throw instead of substituting a fake gradient.\n\n"
                    + "<p>A trainer holds its own copy of the weights and every buffer it needs,"
                    + " all allocated when it\n"
                    + "is created: training allocates nothing per example. It is not thread-safe;"
                    + " training on one\n"
                    + "thread with the same options gives the same weights every time. {@link #fit}"
                    + " may be called\n"
                    + "again to continue training.\n\n"
                    + "<p>Generated because the network is declared with {@code @Network(trainable ="
                    + " true)}; the trainer\n"
                    + "uses only the public API of {@link $T}, which holds no training code.\n",
                model,
                model)
            .addField(
                FieldSpec.builder(
                        TypeName.LONG, "FLOPS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc(
                        "Floating-point operations to train on one example, counting each"
                            + " multiply-add of the forward\n"
                            + "pass, of {@code dW += d x^T} and of {@code W^T d} (not needed for"
                            + " the first layer) as two,\n"
                            + "plus the forward pass's activations; multiply-adds with zero inputs"
                            + " are skipped at run time.\n")
                    .initializer("$LL", trainingFlops())
                    .build())
            .addField(OPTIONS, "options", Modifier.PRIVATE, Modifier.FINAL)
            .addField(LOSS, "loss", Modifier.PRIVATE, Modifier.FINAL)
            .addField(OPTIMIZER_STATE, "optimizer", Modifier.PRIVATE, Modifier.FINAL)
            .addField(
                FieldSpec.builder(RuntimeTypes.ATOMIC_BOOLEAN, "fitting", Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Set while {@code fit} runs: a second thread fails fast instead of corrupting the weights.\n")
                    .initializer("new $T()", RuntimeTypes.ATOMIC_BOOLEAN)
                    .build());
    for (Layer layer : layers) {
      addLayerFields(type, layer);
    }
    type.addField(
        FieldSpec.builder(array, "target", Modifier.PRIVATE, Modifier.FINAL)
            .addJavadoc("The current example's target outputs.\n")
            .initializer("new $L[$L]", this.type, outputs)
            .build());
    type.addField(
        FieldSpec.builder(ArrayTypeName.of(TypeName.INT), "order", Modifier.PRIVATE)
            .addJavadoc("The order of the examples, reused while their number stays the same.\n")
            .build());
    type.addField(
        FieldSpec.builder(ParameterizedTypeName.get(LIST, REPORT), "history", Modifier.PRIVATE)
            .initializer("$T.of()", LIST)
            .build());
    type.addField(
        FieldSpec.builder(TypeName.DOUBLE, "gradientScale", Modifier.PRIVATE)
            .addJavadoc(
                "1 / the examples summed into the gradients by {@link #computeGradients}.\n")
            .build());
    type.addField(
        FieldSpec.builder(TypeName.INT, "evaluatedCorrect", Modifier.PRIVATE)
            .addJavadoc("Correct answers counted by the last {@code evaluate}.\n")
            .build());
    type.addMethod(randomStart());
    type.addMethod(constructor());
    if (layersInHelpers()) {
      layerInitialisers().forEach(type::addMethod);
    }
    type.addMethod(fitLabels(false));
    type.addMethod(fitLabels(true));
    type.addMethod(fitTargets(false));
    type.addMethod(fitTargets(true));
    type.addMethod(accuracy());
    type.addMethod(lossMethod());
    type.addMethod(historyMethod());
    type.addMethod(modelMethod());
    type.addMethod(computeGradients());
    type.addMethod(gradientAccessor("weightGradients", true));
    type.addMethod(gradientAccessor("biasGradients", false));
    type.addMethod(train());
    type.addMethod(evaluate());
    type.addMethod(loadTarget());
    type.addMethod(zeroGradients());
    new BackpropagationWriter(network).addMethods(type);
    type.addMethod(scaled());
    return type.build();
  }

  private long trainingFlops() {
    long flops = network.flops();
    for (Layer layer : layers) {
      flops += 2 * layer.terms() * (layer.number() > 1 ? 2 : 1);
    }
    return flops;
  }

  // ----------------------------------------------------------------------------------------------
  // Fields and construction

  /**
   * Networks of more layers than this allocate each layer's arrays in helper methods, {@value}
   * layers per method, instead of field initialisers and the constructor: every statement about a
   * layer's arrays lands in the constructor's bytecode, which javac limits to 64 KB (about 600
   * layers).
   */
  static final int LAYERS_PER_METHOD = 64;

  /** Whether layers are set up by {@code initLayers...} methods: see {@link #LAYERS_PER_METHOD}. */
  private boolean layersInHelpers() {
    return layers.size() > LAYERS_PER_METHOD;
  }

  /** {@code private final}, or {@code private} when the field is assigned outside the constructor. */
  private Modifier[] fieldModifiers() {
    return layersInHelpers() ? new Modifier[] {Modifier.PRIVATE} : new Modifier[] {Modifier.PRIVATE, Modifier.FINAL};
  }

  private void addLayerFields(TypeSpec.Builder type, Layer layer) {
    int n = layer.number();
    type.addField(
        FieldSpec.builder(matrix, "w" + n + "c", fieldModifiers())
            .addJavadoc(
                "$L. Weights by input: {@code w$Lc[j][i]} is the weight of input j into neuron"
                    + " i.\n",
                GeneratorContext.describeCapitalised(layer),
                n)
            .build());
    type.addField(array, "b" + n, fieldModifiers());
    FieldSpec.Builder gradients =
        FieldSpec.builder(matrix, "gw" + n + "c", fieldModifiers())
            .addJavadoc("Sums of dL/dw over the current batch, by input like {@code w$Lc}.\n", n);
    if (!layersInHelpers()) {
      gradients.initializer("new $L[$L][$L]", this.type, columns(layer), layer.out());
    }
    type.addField(gradients.build());
    type.addField(buffer("gb" + n, layer.out(), "Sums of dL/db over the current batch."));
    type.addField(buffer("z" + n, layer.out(), "The current example's pre-activation W x + b."));
    int stages = layer.activations().size();
    for (int s = 1; s < stages; s++) {
      type.addField(
          buffer(
              "a" + n + "_" + s,
              layer.out(),
              "The output of activation " + s + " of " + stages + "."));
    }
    if (stages > 0) {
      type.addField(buffer("h" + n, layer.out(), "The current example's output of the layer."));
    }
    type.addField(buffer("d" + n, layer.out(), "dL/dz during the backward pass."));
  }

  /**
   * The columns a layer's weights are kept in: one per input for a dense layer; one for a
   * LayerNorm, whose gamma is the single column {@code w<n>c[0]} (decay-free, as its beta).
   */
  static int columns(Layer layer) {
    return layer.isLayerNorm() ? 1 : layer.in();
  }

  private FieldSpec buffer(String name, int length, String doc) {
    FieldSpec.Builder field = FieldSpec.builder(array, name, fieldModifiers()).addJavadoc("$L\n", doc);
    if (!layersInHelpers()) {
      field.initializer("new $L[$L]", type, length);
    }
    return field.build();
  }

  /** Allocates a layer's gradient sums and buffers, the arrays {@link #addLayerFields} declares. */
  private void allocateBuffers(CodeBlock.Builder code, Layer layer) {
    int n = layer.number();
    code.addStatement("this.gw$Lc = new $L[$L][$L]", n, type, columns(layer), layer.out());
    List<String> buffers = new ArrayList<>(List.of("gb" + n, "z" + n));
    int stages = layer.activations().size();
    for (int s = 1; s < stages; s++) {
      buffers.add("a" + n + "_" + s);
    }
    if (stages > 0) {
      buffers.add("h" + n);
    }
    buffers.add("d" + n);
    for (String buffer : buffers) {
      code.addStatement("this.$L = new $L[$L]", buffer, type, layer.out());
    }
  }

  /** Copies one layer's start weights and registers them with the optimizer. */
  private void setUpLayer(CodeBlock.Builder code, Layer layer) {
    int n = layer.number();
    code.addStatement(
        "this.w$Lc = $T.columns(weights[$L], $L, $L)", n, RuntimeTypes.LAYOUT, n - 1, layer.out(), columns(layer));
    code.addStatement("this.b$L = biases[$L]", n, n - 1);
  }

  private void registerLayer(CodeBlock.Builder code, Layer layer) {
    int n = layer.number();
    code.beginControlFlow("for (int j = 0; j < $L; j++)", columns(layer));
    code.addStatement("optimizer.add(w$Lc[j], gw$Lc[j], $L)", n, n, !layer.isLayerNorm());
    code.endControlFlow();
    code.addStatement("optimizer.add(b$L, gb$L, false)", n, n);
  }

  /** {@code initLayersK(weights, biases)}: layers K .. K + {@value #LAYERS_PER_METHOD} - 1. */
  private List<MethodSpec> layerInitialisers() {
    List<MethodSpec> methods = new ArrayList<>();
    for (int from = 0; from < layers.size(); from += LAYERS_PER_METHOD) {
      CodeBlock.Builder code = CodeBlock.builder();
      for (Layer layer : layers.subList(from, Math.min(layers.size(), from + LAYERS_PER_METHOD))) {
        allocateBuffers(code, layer);
        setUpLayer(code, layer);
        registerLayer(code, layer);
      }
      methods.add(
          MethodSpec.methodBuilder("initLayers" + (from + 1))
              .addModifiers(Modifier.PRIVATE)
              .addJavadoc("Allocates, copies and registers layers $L to $L.\n", from + 1, Math.min(layers.size(), from + LAYERS_PER_METHOD))
              .addParameter(matrix, "weights")
              .addParameter(matrix, "biases")
              .addCode(code.build())
              .build());
    }
    return methods;
  }

  private MethodSpec constructor() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Layer layer : layers) {
      for (ActivationFunction function : layer.activations()) {
        if (function.kind() == Activation.Kind.STEP) {
          code.addStatement(
              "$T.rejectStep($S)",
              TRAINING_CHECKS,
              "layer " + layer.number() + " (" + shortDescription(layer) + ")");
          break;
        }
      }
    }
    Activation.Kind lastKind =
        last.activations().isEmpty()
            ? Activation.Kind.IDENTITY
            : last.activations().get(last.activations().size() - 1).kind();
    code.addStatement(
        "$T.lossFits(options.loss(), $T.$L, $S)",
        TRAINING_CHECKS,
        KIND,
        lastKind.name(),
        "layer " + last.number() + " (" + shortDescription(last) + ")");
    code.addStatement("this.options = options");
    code.addStatement("this.loss = options.loss()");
    code.addStatement("$L[][] weights = start.weights()", type);
    code.addStatement("$L[][] biases = start.biases()", type);
    if (layersInHelpers()) {
      code.addStatement("this.optimizer = options.optimizer().start()");
      for (int from = 0; from < layers.size(); from += LAYERS_PER_METHOD) {
        code.addStatement("initLayers$L(weights, biases)", from + 1);
      }
    } else {
      for (Layer layer : layers) {
        setUpLayer(code, layer);
      }
      code.addStatement("this.optimizer = options.optimizer().start()");
      for (Layer layer : layers) {
        registerLayer(code, layer);
      }
    }
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "A trainer that starts from {@code start}'s weights (which it copies).\n\n"
                + "@throws IllegalArgumentException if the options' loss does not fit the output"
                + " layer, or a\n"
                + "    layer uses STEP\n")
        .addParameter(OPTIONS, "options")
        .addParameter(model, "start")
        .addCode(code.build())
        .build();
  }

  private MethodSpec randomStart() {
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "A trainer that starts from {@link $T#random(long) $T.random(options.seed())}.\n\n"
                + "<pre>{@code\n"
                + "$T model =\n"
                + "    new $T(TrainingOptions.of(Loss.$L).progress(System.out::println))\n"
                + "        .fit(inputs, labels);\n"
                + "}</pre>\n\n"
                + "@throws IllegalArgumentException if the options' loss does not fit the output"
                + " layer, or a\n"
                + "    layer uses STEP\n",
            model,
            model,
            model,
            trainer,
            last.endsWith(Activation.Kind.SOFTMAX)
                ? "CROSS_ENTROPY"
                : last.endsWith(Activation.Kind.SIGMOID) ? "BINARY_CROSS_ENTROPY" : "MSE")
        .addParameter(OPTIONS, "options")
        .addStatement("this(options, $T.random(options.seed()))", model)
        .build();
  }

  private static String shortDescription(Layer layer) {
    String description = GeneratorContext.describe(layer);
    return description.substring(description.indexOf(": ") + 2);
  }

  // ----------------------------------------------------------------------------------------------
  // Public API

  private MethodSpec fitLabels(boolean validation) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("fit")
            .addModifiers(Modifier.PUBLIC)
            .returns(model)
            .addParameter(matrix, "inputs")
            .addParameter(ArrayTypeName.of(TypeName.INT), "labels");
    String classes = outputs > 1 ? String.valueOf(outputs) : "2";
    if (validation) {
      method
          .addJavadoc(
              "Like {@link #fit($L[][], int[])}, and after every epoch measures loss and accuracy"
                  + " on the\n"
                  + "validation set, which early stopping then monitors.\n",
              type)
          .addParameter(matrix, "validationInputs")
          .addParameter(ArrayTypeName.of(TypeName.INT), "validationLabels")
          .addStatement("$T.rows(inputs, -1, $L, $S)", TRAINING_CHECKS, network.inputs(), "inputs")
          .addStatement(
              "$T.labels(labels, inputs.length, $L, $S)", TRAINING_CHECKS, classes, "labels")
          .addStatement(
              "$T.rows(validationInputs, -1, $L, $S)",
              TRAINING_CHECKS,
              network.inputs(),
              "validationInputs")
          .addStatement(
              "$T.labels(validationLabels, validationInputs.length, $L, $S)",
              TRAINING_CHECKS,
              classes,
              "validationLabels")
          .addStatement(
              "return train(inputs, labels, null, validationInputs, validationLabels, null)");
    } else {
      method
          .addJavadoc(
              "Trains on {@code inputs} with class labels for the options' epochs (or until early"
                  + " stopping)\n"
                  + "and returns the trained network. A label is the index of the output that"
                  + " should be largest,\n"
                  + "as a one-hot target$L.\n\n"
                  + "@throws IllegalArgumentException if an input has the wrong length or a label"
                  + " is out of range\n",
              outputs > 1
                  ? ""
                  : "; with this network's single output, the label 0 or 1 is the target")
          .addStatement("$T.rows(inputs, -1, $L, $S)", TRAINING_CHECKS, network.inputs(), "inputs")
          .addStatement(
              "$T.labels(labels, inputs.length, $L, $S)", TRAINING_CHECKS, classes, "labels")
          .addStatement("return train(inputs, labels, null, null, null, null)");
    }
    return method.build();
  }

  private MethodSpec fitTargets(boolean validation) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("fit")
            .addModifiers(Modifier.PUBLIC)
            .returns(model)
            .addParameter(matrix, "inputs")
            .addParameter(matrix, "targets")
            .addStatement(
                "$T.rows(inputs, -1, $L, $S)", TRAINING_CHECKS, network.inputs(), "inputs")
            .addStatement(
                "$T.rows(targets, inputs.length, $L, $S)", TRAINING_CHECKS, outputs, "targets");
    if (validation) {
      method
          .addJavadoc(
              "Like {@link #fit($L[][], $L[][])}, with a validation set measured after every"
                  + " epoch.\n",
              type,
              type)
          .addParameter(matrix, "validationInputs")
          .addParameter(matrix, "validationTargets")
          .addStatement(
              "$T.rows(validationInputs, -1, $L, $S)",
              TRAINING_CHECKS,
              network.inputs(),
              "validationInputs")
          .addStatement(
              "$T.rows(validationTargets, validationInputs.length, $L, $S)",
              TRAINING_CHECKS,
              outputs,
              "validationTargets")
          .addStatement(
              "return train(inputs, null, targets, validationInputs, null, validationTargets)");
    } else {
      method
          .addJavadoc(
              "Trains on {@code inputs} with target output vectors and returns the trained"
                  + " network.\n\n"
                  + "@throws IllegalArgumentException if an input or target has the wrong length\n")
          .addStatement("return train(inputs, null, targets, null, null, null)");
    }
    return method.build();
  }

  private MethodSpec accuracy() {
    return MethodSpec.methodBuilder("accuracy")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addJavadoc(
            "The share of {@code inputs} the current weights classify as {@code labels}, in [0,"
                + " 1].\n")
        .addParameter(matrix, "inputs")
        .addParameter(ArrayTypeName.of(TypeName.INT), "labels")
        .addStatement("$T.rows(inputs, -1, $L, $S)", TRAINING_CHECKS, network.inputs(), "inputs")
        .addStatement(
            "$T.labels(labels, inputs.length, $L, $S)",
            TRAINING_CHECKS,
            outputs > 1 ? outputs : 2,
            "labels")
        .addStatement("evaluate(inputs, labels, null)")
        .addStatement("return (double) evaluatedCorrect / inputs.length")
        .build();
  }

  private MethodSpec lossMethod() {
    return MethodSpec.methodBuilder("loss")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addJavadoc(
            "The mean loss of the current weights on {@code inputs} and their target outputs.\n")
        .addParameter(matrix, "inputs")
        .addParameter(matrix, "targets")
        .addStatement("$T.rows(inputs, -1, $L, $S)", TRAINING_CHECKS, network.inputs(), "inputs")
        .addStatement(
            "$T.rows(targets, inputs.length, $L, $S)", TRAINING_CHECKS, outputs, "targets")
        .addStatement("return evaluate(inputs, null, targets) / inputs.length")
        .build();
  }

  private MethodSpec historyMethod() {
    return MethodSpec.methodBuilder("history")
        .addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(LIST, REPORT))
        .addJavadoc("The reports of the epochs of the last {@code fit}, in order.\n")
        .addStatement("return history")
        .build();
  }

  private MethodSpec modelMethod() {
    CodeBlock.Builder weights = CodeBlock.builder();
    CodeBlock.Builder biases = CodeBlock.builder();
    for (Layer layer : layers) {
      int n = layer.number();
      String separator = n > 1 ? ", " : "";
      weights.add(
          "$L$T.rows(w$Lc, $L, $L)",
          separator,
          RuntimeTypes.LAYOUT,
          n,
          layer.out(),
          columns(layer));
      biases.add("$Lb$L", separator, n);
    }
    return MethodSpec.methodBuilder("model")
        .addModifiers(Modifier.PUBLIC)
        .returns(model)
        .addJavadoc(
            "A network with the current weights (a copy: training on does not change it).\n")
        .addStatement(
            "return new $T(new $L[][] {$L}, new $L[][] {$L})",
            model,
            type,
            weights.build(),
            type,
            biases.build())
        .build();
  }

  private MethodSpec computeGradients() {
    return MethodSpec.methodBuilder("computeGradients")
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addJavadoc(
            "Computes, without changing any weight, the gradient of the mean loss over {@code"
                + " inputs}\n"
                + "with respect to every weight and bias, readable afterwards with {@link"
                + " #weightGradients()}\n"
                + "and {@link #biasGradients()}; for gradient checks and inspection.\n\n"
                + "@return the mean loss\n")
        .addParameter(matrix, "inputs")
        .addParameter(matrix, "targets")
        .addStatement("$T.rows(inputs, -1, $L, $S)", TRAINING_CHECKS, network.inputs(), "inputs")
        .addStatement(
            "$T.rows(targets, inputs.length, $L, $S)", TRAINING_CHECKS, outputs, "targets")
        .addStatement("zeroGradients()")
        .addStatement("double lossSum = 0")
        .beginControlFlow("for (int k = 0; k < inputs.length; k++)")
        .addStatement("loadTarget(null, targets, k)")
        .addStatement("forward(inputs[k])")
        .addStatement("lossSum += lossValue()")
        .addStatement("outputDelta()")
        .addStatement("backward(inputs[k])")
        .endControlFlow()
        .addStatement("gradientScale = 1.0 / inputs.length")
        .addStatement("return lossSum / inputs.length")
        .build();
  }

  private MethodSpec gradientAccessor(String name, boolean weights) {
    CodeBlock.Builder values = CodeBlock.builder();
    for (Layer layer : layers) {
      int n = layer.number();
      String separator = n > 1 ? ", " : "";
      if (weights) {
        values.add(
            "$Lscaled($T.rows(gw$Lc, $L, $L))",
            separator,
            RuntimeTypes.LAYOUT,
            n,
            layer.out(),
            columns(layer));
      } else {
        values.add("$Lscaled(gb$L.clone())", separator, n);
      }
    }
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .returns(matrix)
        .addJavadoc(
            weights
                ? "dL/dW from {@link #computeGradients}, one row-major out x in array per layer"
                      + " like {@code weights()}.\n"
                : "dL/db from {@link #computeGradients}, one array per layer.\n")
        .addStatement("return new $L[][] {$L}", type, values.build())
        .build();
  }

  // ----------------------------------------------------------------------------------------------
  // The training loop

  private MethodSpec train() {
    TypeName ints = ArrayTypeName.of(TypeName.INT);
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("int examples = inputs.length");
    code.addStatement("$T run = new $T(options, examples, order)", RUN, RUN);
    code.addStatement("order = run.order()");
    code.addStatement("zeroGradients()");
    code.addStatement("int batch = options.batchSize()");
    code.beginControlFlow("while (run.nextEpoch())");
    code.addStatement("int[] order = run.order()");
    code.addStatement("double lossSum = 0");
    code.addStatement("int correct = 0");
    code.beginControlFlow("for (int from = 0; from < examples; from += batch)");
    code.addStatement("int to = Math.min(from + batch, examples)");
    code.beginControlFlow("for (int k = from; k < to; k++)");
    code.addStatement("int example = order[k]");
    code.addStatement("$L[] x = inputs[example]", type);
    code.addStatement("loadTarget(labels, targets, example)");
    code.addStatement("forward(x)");
    code.addStatement("lossSum += lossValue()");
    code.beginControlFlow("if (correct())");
    code.addStatement("correct++");
    code.endControlFlow();
    code.addStatement("outputDelta()");
    code.addStatement("backward(x)");
    code.endControlFlow();
    code.addStatement("optimizer.step(1.0 / (to - from))");
    code.endControlFlow();
    code.addStatement("run.trained(lossSum, correct)");
    code.beginControlFlow("if (validationInputs != null)");
    code.addStatement(
        "double validationLoss = evaluate(validationInputs, validationLabels, validationTargets)");
    code.addStatement("run.finish(validationLoss, evaluatedCorrect, validationInputs.length)");
    code.nextControlFlow("else");
    code.addStatement("run.finish(0, 0, 0)");
    code.endControlFlow();
    code.endControlFlow();
    code.addStatement("history = run.reports()");
    code.addStatement("return model()");
    CodeBlock guarded =
        CodeBlock.builder()
            .beginControlFlow("if (!fitting.compareAndSet(false, true))")
            .addStatement(
                "throw new $T($S)",
                IllegalStateException.class,
                trainer.simpleName()
                    + " is already fitting on another thread; a trainer is not thread-safe, so give"
                    + " each thread its own")
            .endControlFlow()
            .beginControlFlow("try")
            .add(code.build())
            .nextControlFlow("finally")
            .addStatement("fitting.set(false)")
            .endControlFlow()
            .build();
    code = guarded.toBuilder();
    return MethodSpec.methodBuilder("train")
        .addModifiers(Modifier.PRIVATE)
        .returns(model)
        .addJavadoc(
            "Epochs of mini-batch training; labels or targets (and their validation counterparts)"
                + " are null.\n")
        .addParameter(matrix, "inputs")
        .addParameter(ints, "labels")
        .addParameter(matrix, "targets")
        .addParameter(matrix, "validationInputs")
        .addParameter(ints, "validationLabels")
        .addParameter(matrix, "validationTargets")
        .addCode(code.build())
        .build();
  }

  private MethodSpec evaluate() {
    return MethodSpec.methodBuilder("evaluate")
        .addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addJavadoc(
            "The summed loss over a data set; the correct answers go to {@code"
                + " evaluatedCorrect}.\n")
        .addParameter(matrix, "inputs")
        .addParameter(ArrayTypeName.of(TypeName.INT), "labels")
        .addParameter(matrix, "targets")
        .addStatement("double lossSum = 0")
        .addStatement("int correct = 0")
        .beginControlFlow("for (int k = 0; k < inputs.length; k++)")
        .addStatement("loadTarget(labels, targets, k)")
        .addStatement("forward(inputs[k])")
        .addStatement("lossSum += lossValue()")
        .beginControlFlow("if (correct())")
        .addStatement("correct++")
        .endControlFlow()
        .endControlFlow()
        .addStatement("evaluatedCorrect = correct")
        .addStatement("return lossSum")
        .build();
  }

  private MethodSpec loadTarget() {
    CodeBlock.Builder code = CodeBlock.builder();
    code.beginControlFlow("if (labels == null)");
    code.addStatement("System.arraycopy(targets[example], 0, target, 0, $L)", outputs);
    if (outputs > 1) {
      code.nextControlFlow("else");
      code.addStatement("$T.fill(target, 0)", ARRAYS);
      code.addStatement("target[labels[example]] = 1");
    } else {
      code.nextControlFlow("else");
      code.addStatement("target[0] = labels[example]");
    }
    code.endControlFlow();
    return MethodSpec.methodBuilder("loadTarget")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Sets {@code target} from a label (one-hot) or a target row.\n")
        .addParameter(ArrayTypeName.of(TypeName.INT), "labels")
        .addParameter(matrix, "targets")
        .addParameter(TypeName.INT, "example")
        .addCode(code.build())
        .build();
  }

  private MethodSpec zeroGradients() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Layer layer : layers) {
      int n = layer.number();
      code.beginControlFlow("for ($L[] column : gw$Lc)", type, n);
      code.addStatement("$T.fill(column, 0)", ARRAYS);
      code.endControlFlow();
      code.addStatement("$T.fill(gb$L, 0)", ARRAYS, n);
    }
    return MethodSpec.methodBuilder("zeroGradients")
        .addModifiers(Modifier.PRIVATE)
        .addCode(code.build())
        .build();
  }

  private MethodSpec scaled() {
    return MethodSpec.methodBuilder("scaled")
        .addModifiers(Modifier.PRIVATE)
        .returns(array)
        .addParameter(array, "values")
        .beginControlFlow("for (int k = 0; k < values.length; k++)")
        .addStatement(
            "values[k] *= $L",
            precision == Precision.FLOAT ? "(float) gradientScale" : "gradientScale")
        .endControlFlow()
        .addStatement("return values")
        .build();
  }
}
