package dev.soma.processor.validate;

import dev.soma.Activation;
import dev.soma.Storage;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Position;
import dev.soma.processor.diag.Problem;
import dev.soma.processor.diag.Report;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import dev.soma.processor.model.QuantizedWeights;
import dev.soma.processor.read.ActivationAnnotation;
import dev.soma.processor.read.DeclaredInterface;
import dev.soma.processor.read.DeclaredMethod;
import dev.soma.processor.read.DenseAnnotation;
import dev.soma.processor.read.LayerNormAnnotation;
import dev.soma.processor.read.NetworkDeclaration;
import dev.soma.processor.validate.LayerAssembler.WrittenLayer;
import dev.soma.processor.validate.MethodClassifier.Classified;
import dev.soma.processor.weights.WeightFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stage 2: checks a {@link NetworkDeclaration} and turns it into a {@link NetworkModel}. Every
 * problem goes into the {@link Report}; the model exists only when there are no errors.
 */
public final class NetworkValidator {
  /** The {@code @SuppressWarnings} value that silences Soma's warnings on an interface. */
  public static final String SUPPRESS = "soma";

  /** Java arrays hold at most about this many elements. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

  private final NetworkDeclaration declaration;
  private final Optional<WeightFile> weightFile;
  private final boolean weightFileFailed;
  private final Report report;
  private final int errorsBefore;
  private final boolean warn;

  private NetworkValidator(
      NetworkDeclaration declaration,
      Optional<WeightFile> weightFile,
      boolean weightFileFailed,
      Report report) {
    this.declaration = declaration;
    this.weightFile = weightFile;
    this.weightFileFailed = weightFileFailed;
    this.report = report;
    this.errorsBefore = report.errorCount();
    this.warn = !declaration.suppressedWarnings().contains(SUPPRESS);
  }

  /** Whether this validation found an error (the report may hold earlier ones). */
  private boolean foundErrors() {
    return report.errorCount() > errorsBefore;
  }

  /**
   * Validates {@code declaration} with the weight file it names, already read, adding every problem
   * to {@code report}. {@code weightFileFailed} says the file could not be read (its error is in the
   * report already): the declaration's own layers and methods are still checked, so one error does
   * not hide the others, but nothing is bound to weights.
   */
  public static Optional<NetworkModel> validate(
      NetworkDeclaration declaration,
      Optional<WeightFile> weightFile,
      boolean weightFileFailed,
      Report report) {
    return new NetworkValidator(declaration, weightFile, weightFileFailed, report).validate();
  }

  private Optional<NetworkModel> validate() {
    DeclaredInterface type = declaration.declared();
    if (!type.isInterface()) {
      report.add(declaration.position(), Message.NETWORK_NOT_INTERFACE, type.simpleName(), type.kind());
      return Optional.empty();
    }
    if (type.generic()) {
      report.add(declaration.position(), Message.NETWORK_GENERIC, type.simpleName());
      return Optional.empty();
    }
    if (type.privateSomewhere()) {
      report.add(declaration.position(), Message.NETWORK_NOT_ACCESSIBLE, type.simpleName());
      return Optional.empty();
    }
    String generated = "Soma" + type.nestedName("_");
    String qualifiedGenerated = type.packageName().isEmpty() ? generated : type.packageName() + "." + generated;
    boolean permitsGenerated =
        type.permitted().stream()
            .anyMatch(p -> p.equals(qualifiedGenerated) || p.equals(generated) || p.endsWith("." + generated));
    if (type.sealed() && !permitsGenerated) {
      report.add(declaration.position(), Message.NETWORK_SEALED, type.simpleName(), generated, generated);
      return Optional.empty();
    }
    Optional<List<WrittenLayer>> written = LayerAssembler.assemble(declaration, report);
    if (written.isEmpty()) {
      return Optional.empty();
    }
    List<Layer> layers;
    if (written.get().isEmpty()) {
      if (weightFile.isPresent() && weightFile.get() instanceof WeightFile.Network) {
        layers = WeightBinding.fromGraph((WeightFile.Network) weightFile.get());
      } else if (weightFile.isPresent()
          && weightFile.get() instanceof WeightFile.Tensors keras
          && !KerasConfigCheck.layers(keras).isEmpty()) {
        layers = KerasConfigCheck.layers(keras);
      } else {
        if (!weightFileFailed) {
          report.add(declaration.position(), Message.NO_LAYERS, type.simpleName());
        }
        return Optional.empty();
      }
    } else {
      layers = layers(written.get());
      if (weightFile.isPresent() && !foundErrors()) {
        layers = WeightBinding.bind(declaration, layers, weightFile.get(), report);
      }
    }
    if (weightFile.isPresent() && weightFile.get() instanceof WeightFile.Network graph) {
      warnAboutNonFiniteGraphWeights(layers);
      for (Problem note : graph.network().foldingNotes(graph.file())) {
        warn(declaration.weightsPosition(), note.message(), note.args().toArray());
      }
    }
    Optional<Precision> precision = precision();
    List<NetworkMethod> methods = methods(layers);
    checkTrainable(layers);
    checkStorage(precision, layers);
    if (foundErrors()) {
      return Optional.empty();
    }
    if (!written.get().isEmpty()) {
      warnAboutLinearPairs(written.get(), layers);
    }
    NetworkModel model =
        new NetworkModel(
            type.packageName(),
            type.nestedName("."),
            generated,
            precision.orElse(Precision.FLOAT),
            LinearFusion.fuse(layers),
            methods,
            declaration.simd(),
            declaration.trainable(),
            declaration.activations(),
            declaration.storage());
    if (model.storage() != Storage.F32 && model.weightsKnown()) {
      StorageNotes.add(model, type.simpleName(), declaration.storagePosition(), report);
    }
    return Optional.of(model);
  }

  /** Storage other than F32 rounds float weights; a double network keeps its weights in double. */
  private void checkStorage(Optional<Precision> precision, List<Layer> layers) {
    if (declaration.storage() != Storage.F32 && precision.orElse(Precision.FLOAT) == Precision.DOUBLE) {
      report.add(
          declaration.storagePosition(),
          Message.STORAGE_NEEDS_FLOAT,
          declaration.storage(),
          declaration.declared().simpleName());
    } else if (declaration.storage() == Storage.INT8 && layers.stream().anyMatch(Layer::isLayerNorm)) {
      report.add(
          declaration.storagePosition(),
          Message.STORAGE_WITH_LAYER_NORM,
          declaration.storage(),
          declaration.declared().simpleName());
    } else if (declaration.storage() == Storage.INT8) {
      for (Layer layer : layers) {
        QuantizedWeights quantized = layer.quantized().orElse(null);
        if (quantized != null && !quantized.int8()) {
          report.add(
              declaration.storagePosition(),
              Message.STORAGE_INT8_LAYOUT,
              declaration.declared().simpleName(),
              "layer " + layer.number(),
              quantized.tensor(),
              quantized.layout());
        }
      }
    }
  }

  /** A trainer changes the weights, so {@code trainable = true} needs weights given at run time. */
  private void checkTrainable(List<Layer> layers) {
    if (!declaration.trainable() || !layers.stream().allMatch(layer -> layer.weights().isPresent())) {
      return;
    }
    String baked =
        declaration.weightsFile().isEmpty()
            ? "inline weights on its @Dense layers"
            : "@Network(weights = \"" + declaration.weightsFile() + "\")";
    report.add(
        declaration.trainablePosition(),
        Message.TRAINABLE_WITH_BAKED_WEIGHTS,
        declaration.declared().simpleName(),
        baked);
  }

  private List<Layer> layers(List<WrittenLayer> written) {
    List<Layer> layers = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    Integer withWeights = null;
    Integer withoutWeights = null;
    for (int i = 0; i < written.size(); i++) {
      int number = i + 1;
      WrittenLayer layer = written.get(i);
      String name = layer.dense != null ? layer.dense.name() : layer.norm.name();
      if (!name.isEmpty()) {
        Integer earlier = names.putIfAbsent(name, number);
        if (earlier != null) {
          Position at = layer.dense != null ? layer.dense.at("name") : layer.norm.at("name");
          report.add(at, Message.DUPLICATE_LAYER_NAME, earlier, number, name);
        }
      }
      Layer built =
          layer.dense != null
              ? dense(number, written, layer.dense)
              : layerNorm(number, layers.get(i - 1).out(), layer.norm, activations(number, layer, layers.get(i - 1).out()));
      boolean inline =
          layer.dense != null
              ? layer.dense.weights().isPresent() || layer.dense.bias().isPresent()
              : layer.norm.gamma().isPresent() || layer.norm.beta().isPresent();
      if (inline) {
        withWeights = withWeights == null ? number : withWeights;
      } else {
        withoutWeights = withoutWeights == null ? number : withoutWeights;
      }
      layers.add(built);
    }
    if (withWeights != null && withoutWeights != null) {
      report.add(
          written.get(withoutWeights - 1).position(),
          Message.PARTIAL_WEIGHTS,
          withoutWeights,
          withWeights);
    }
    return layers;
  }

  private Layer dense(int number, List<WrittenLayer> written, DenseAnnotation dense) {
    boolean sizesOk = checkSize(number, dense, "in", dense.in()) & checkSize(number, dense, "out", dense.out());
    if (sizesOk && (long) dense.in() * dense.out() > MAX_ARRAY) {
      report.add(
          dense.position(),
          Message.LAYER_TOO_LARGE,
          number,
          dense.in(),
          dense.out(),
          (long) dense.in() * dense.out(),
          MAX_ARRAY);
      sizesOk = false;
    }
    if (number > 1) {
      int previousOut = previousOut(written, number - 1);
      if (dense.in() != previousOut) {
        report.add(
            dense.at("in"), Message.SHAPE_MISMATCH, number, dense.in(), number - 1, previousOut, previousOut);
      }
    }
    List<ActivationFunction> activations = activations(number, written.get(number - 1), dense.out());
    double[] weights = null;
    double[] bias = null;
    if (sizesOk) {
      weights = checkedWeights(number, dense);
      bias = checkedBias(number, dense);
    }
    return new Layer(
        number, dense.in(), dense.out(), dense.name(), activations, weights, bias, "layer " + number);
  }

  /** The outputs of written layer {@code number}: its {@code out}, or for LayerNorm the width it normalises. */
  private static int previousOut(List<WrittenLayer> written, int number) {
    for (int k = number - 1; k >= 0; k--) {
      if (written.get(k).dense != null) {
        return written.get(k).dense.out();
      }
    }
    throw new IllegalStateException("a LayerNorm without a dense layer before it");
  }

  /** A LayerNorm over the {@code features} outputs of the layer before it. */
  private Layer layerNorm(
      int number, int features, LayerNormAnnotation norm, List<ActivationFunction> activations) {
    double epsilon = norm.epsilon();
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      report.add(norm.at("epsilon"), Message.LAYER_NORM_EPSILON, number, epsilon);
    }
    if (features == 1) {
      report.add(norm.position(), Message.LAYER_NORM_SINGLE_FEATURE, number);
    }
    double[] gamma = null;
    double[] beta = null;
    if (norm.gamma().isPresent() != norm.beta().isPresent()) {
      String given = norm.gamma().isPresent() ? "gamma" : "beta";
      String missing = norm.gamma().isPresent() ? "beta" : "gamma";
      report.add(norm.at(given), Message.LAYER_NORM_PARTIAL, number, given, missing, features);
    } else if (norm.gamma().isPresent()) {
      gamma = normParameter(number, features, norm, "gamma", norm.gamma().get());
      beta = normParameter(number, features, norm, "beta", norm.beta().get());
      if (gamma == null || beta == null) {
        gamma = null;
        beta = null;
      }
    }
    return Layer.layerNorm(
        number, features, norm.name(), activations, gamma, beta, epsilon, "layer " + number);
  }

  private double[] normParameter(
      int number, int features, LayerNormAnnotation norm, String attribute, double[] values) {
    if (values.length != features) {
      report.add(norm.at(attribute), Message.LAYER_NORM_LENGTH, number, attribute, values.length, features, features);
      return null;
    }
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(values[k])) {
        report.add(norm.at(attribute), Message.NON_FINITE_WEIGHT, number, attribute, k, values[k]);
        return null;
      }
    }
    return values;
  }

  private boolean checkSize(int number, DenseAnnotation dense, String attribute, int value) {
    if (value < 1) {
      report.add(dense.at(attribute), Message.SIZE_BELOW_ONE, number, attribute, value);
      return false;
    }
    return true;
  }

  private double[] checkedWeights(int number, DenseAnnotation dense) {
    if (dense.weights().isEmpty()) {
      if (dense.bias().isPresent()) {
        report.add(dense.at("bias"), Message.BIAS_WITHOUT_WEIGHTS, number, dense.in() * dense.out());
      }
      return null;
    }
    double[] weights = dense.weights().get();
    int expected = dense.in() * dense.out();
    if (weights.length != expected) {
      report.add(
          dense.at("weights"),
          Message.WEIGHTS_LENGTH,
          number,
          weights.length,
          dense.in(),
          dense.out(),
          expected,
          dense.out(),
          dense.in());
      return null;
    }
    if (dense.bias().isEmpty()) {
      report.add(dense.at("weights"), Message.WEIGHTS_WITHOUT_BIAS, number, dense.out());
      return null;
    }
    return finite(number, dense, "weights", weights) ? weights : null;
  }

  private double[] checkedBias(int number, DenseAnnotation dense) {
    if (dense.bias().isEmpty() || dense.weights().isEmpty()) {
      return null;
    }
    double[] bias = dense.bias().get();
    if (bias.length != dense.out()) {
      report.add(dense.at("bias"), Message.BIAS_LENGTH, number, bias.length, dense.out(), dense.out());
      return null;
    }
    return finite(number, dense, "bias", bias) ? bias : null;
  }

  private boolean finite(int number, DenseAnnotation dense, String attribute, double[] values) {
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(values[k])) {
        report.add(dense.at(attribute), Message.NON_FINITE_WEIGHT, number, attribute, k, values[k]);
        return false;
      }
    }
    return true;
  }

  /**
   * Weights folded from an ONNX graph can turn non-finite although every tensor of the file is
   * finite: a {@code Gemm} with {@code alpha = NaN}, a division by a zero constant. Warned about as
   * non-finite tensors are, with the first place and the count.
   */
  private void warnAboutNonFiniteGraphWeights(List<Layer> layers) {
    for (Layer layer : layers) {
      for (String part : List.of("weights", "bias")) {
        double[] values = (part.equals("weights") ? layer.weights() : layer.bias()).orElse(new double[0]);
        int first = -1;
        int count = 0;
        for (int k = 0; k < values.length; k++) {
          if (!Double.isFinite(values[k])) {
            first = first < 0 ? k : first;
            count++;
          }
        }
        if (count > 0) {
          warn(
              declaration.weightsPosition(),
              Message.GRAPH_NON_FINITE,
              layer.number(),
              layer.origin(),
              part,
              values[first],
              first,
              count);
        }
      }
    }
  }

  /** A written {@code alpha} must be a finite number: NaN or infinity would poison every output. */
  private void checkAlpha(int number, Optional<Double> alpha, Position position) {
    if (alpha.isPresent() && !Double.isFinite(alpha.get())) {
      report.add(position, Message.ALPHA_NOT_FINITE, number, alpha.get());
    }
  }

  /** The layer's activations in order, IDENTITY dropped; warns about surprising combinations. */
  private List<ActivationFunction> activations(int number, WrittenLayer layer, int width) {
    List<ActivationFunction> functions = new ArrayList<>();
    List<Activation.Kind> kinds = new ArrayList<>();
    DenseAnnotation dense = layer.dense;
    if (dense != null) {
      if (dense.activation().isPresent()) {
        Activation.Kind kind = dense.activation().get();
        kinds.add(kind);
        functions.add(new ActivationFunction(kind, dense.alpha().orElse(0.01)));
        checkSoftmax(number, width, kind, dense.at("activation"));
      }
      checkAlpha(number, dense.alpha(), dense.at("alpha"));
      if (dense.alpha().isPresent() && dense.activation().orElse(Activation.Kind.IDENTITY) != Activation.Kind.LEAKY_RELU) {
        warn(dense.at("alpha"), Message.ALPHA_IGNORED, dense.alpha().get(), dense.activation().orElse(Activation.Kind.IDENTITY));
      }
    }
    for (ActivationAnnotation activation : layer.activations) {
      kinds.add(activation.kind());
      functions.add(new ActivationFunction(activation.kind(), activation.alpha().orElse(0.01)));
      checkSoftmax(number, width, activation.kind(), activation.position());
      checkAlpha(number, activation.alpha(), activation.at("alpha"));
      if (activation.alpha().isPresent() && activation.kind() != Activation.Kind.LEAKY_RELU) {
        warn(activation.at("alpha"), Message.ALPHA_IGNORED, activation.alpha().get(), activation.kind());
      }
    }
    if (layer.activations.size() > 1) {
      warn(
          layer.activations.get(1).position(),
          Message.ACTIVATIONS_IN_A_ROW,
          number,
          kinds.size(),
          kinds.stream().map(Enum::name).collect(Collectors.joining(", ")));
    }
    functions.removeIf(f -> f.kind() == Activation.Kind.IDENTITY);
    return functions;
  }

  private void checkSoftmax(int number, int width, Activation.Kind kind, Position position) {
    if (kind == Activation.Kind.SOFTMAX && width == 1) {
      report.add(position, Message.SOFTMAX_SINGLE_OUTPUT, number);
    }
  }

  private Optional<Precision> precision() {
    DeclaredMethod first = null;
    Precision firstPrecision = null;
    for (DeclaredMethod method : declaration.methods()) {
      Optional<Classified> classified = MethodClassifier.classify(method);
      if (classified.isEmpty()) {
        continue;
      }
      Precision precision = classified.get().precision;
      if (first == null) {
        first = method;
        firstPrecision = precision;
      } else if (precision != firstPrecision) {
        report.add(
            method.position(),
            Message.MIXED_PRECISION,
            declaration.declared().simpleName(),
            first.name(),
            firstPrecision.javaType(),
            method.name(),
            precision.javaType());
        return Optional.empty();
      }
    }
    return Optional.ofNullable(firstPrecision);
  }

  private List<NetworkMethod> methods(List<Layer> layers) {
    List<NetworkMethod> methods = new ArrayList<>();
    Layer first = layers.get(0);
    Layer last = layers.get(layers.size() - 1);
    for (DeclaredMethod method : declaration.methods()) {
      Optional<Classified> classified = MethodClassifier.classify(method);
      if (classified.isEmpty()) {
        report.add(method.position(), Message.UNSUPPORTED_METHOD, method.signature());
        continue;
      }
      Classified form = classified.get();
      switch (form.form) {
        case SCALAR:
          int inputs = method.parameterTypes().size();
          if (inputs != first.in()) {
            report.add(
                method.position(), Message.INPUT_COUNT_MISMATCH, method.name(), inputs, first.in(), first.in(), inputs);
          }
          if (last.out() != 1) {
            report.add(
                method.position(),
                Message.SCALAR_OUTPUT_MISMATCH,
                method.name(),
                form.precision.javaType(),
                last.number(),
                last.out(),
                form.precision.javaType());
          }
          break;
        case ARGMAX:
          if (last.out() < 2) {
            report.add(
                method.position(), Message.ARGMAX_NEEDS_OUTPUTS, method.name(), last.number(), last.out());
          }
          break;
        default:
          break;
      }
      methods.add(new NetworkMethod(method.name(), form.form, method.parameterNames(), method.varargs()));
    }
    return methods;
  }

  private void warnAboutLinearPairs(List<WrittenLayer> written, List<Layer> layers) {
    for (int i = 0; i + 1 < layers.size(); i++) {
      Layer first = layers.get(i);
      Layer second = layers.get(i + 1);
      if (!first.activations().isEmpty() || first.isLayerNorm() || second.isLayerNorm()) {
        continue;
      }
      String fused =
          LinearFusion.pays(first, second)
              ? String.format(
                  " (Soma fuses them into one %d -> %d layer in the generated code)", first.in(), second.out())
              : "";
      warn(written.get(i + 1).dense.position(), Message.LINEAR_COLLAPSE, i + 1, i + 2, fused, i + 1);
    }
  }

  private void warn(Position position, Message message, Object... args) {
    if (warn) {
      report.add(position, message, args);
    }
  }
}
