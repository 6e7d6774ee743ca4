package dev.soma.processor.validate;

import dev.soma.Activation;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Position;
import dev.soma.processor.diag.Report;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.read.NetworkDeclaration;
import dev.soma.processor.weights.ImportedLayer;
import dev.soma.processor.weights.ImportedNetwork;
import dev.soma.processor.weights.TensorMatcher;
import dev.soma.processor.weights.WeightFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Puts the weights of a {@code @Network(weights = ...)} file into the declared layers: named
 * tensors by name or position, an ONNX graph layer by layer. With no {@code @Dense} declared, an
 * ONNX graph defines the network.
 */
final class WeightBinding {
  private WeightBinding() {}

  /** The declared layers with the file's weights, or the input unchanged after adding errors. */
  static List<Layer> bind(NetworkDeclaration declaration, List<Layer> layers, WeightFile file, Report report) {
    Position at = declaration.weightsPosition();
    for (Layer layer : layers) {
      if (layer.weights().isPresent()) {
        report.add(at, Message.WEIGHTS_FILE_AND_INLINE, layer.number(), declaration.weightsFile());
        return layers;
      }
    }
    if (file instanceof WeightFile.Tensors) {
      return bindTensors(declaration, layers, (WeightFile.Tensors) file, report);
    }
    return bindGraph(declaration, layers, (WeightFile.Network) file, report);
  }

  /** The layers an ONNX graph defines, for a network that declares none. */
  static List<Layer> fromGraph(WeightFile.Network file) {
    List<Layer> layers = new ArrayList<>();
    List<ImportedLayer> imported = file.network().layers();
    for (int i = 0; i < imported.size(); i++) {
      ImportedLayer layer = imported.get(i);
      if (layer.isLayerNorm()) {
        layers.add(
            Layer.layerNorm(
                i + 1,
                layer.out(),
                "",
                activations(layer),
                layer.weights(),
                layer.bias(),
                layer.epsilon(),
                "layer " + (i + 1) + " (" + layer.source() + ")"));
        continue;
      }
      layers.add(
          new Layer(
              i + 1,
              layer.in(),
              layer.out(),
              "",
              activations(layer),
              layer.weights(),
              layer.bias(),
              "layer " + (i + 1) + " (" + layer.source() + ")")
              .withQuantized(layer.quantized().orElse(null)));
    }
    return layers;
  }

  private static List<Layer> bindTensors(
      NetworkDeclaration declaration, List<Layer> layers, WeightFile.Tensors file, Report report) {
    List<TensorMatcher.DeclaredLayer> declared = new ArrayList<>();
    for (Layer layer : layers) {
      declared.add(
          new TensorMatcher.DeclaredLayer(layer.name(), layer.in(), layer.out(), layer.isLayerNorm()));
    }
    TensorMatcher.Result result = TensorMatcher.match(declared, file);
    for (TensorMatcher.Diagnostic diagnostic : result.diagnostics()) {
      report.add(declaration.weightsPosition(), diagnostic.problem());
    }
    if (result.hasErrors() || !KerasConfigCheck.matches(declaration, layers, file, result, report)) {
      return layers;
    }
    List<Layer> bound = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      TensorMatcher.MatchedLayer matched = result.layers().get(i);
      bound.add(withWeights(layer, matched.weights(), matched.bias()).withQuantized(matched.quantized()));
    }
    return bound;
  }

  private static List<Layer> bindGraph(
      NetworkDeclaration declaration, List<Layer> layers, WeightFile.Network file, Report report) {
    ImportedNetwork graph = file.network();
    if (graph.layers().size() != layers.size()) {
      report.add(
          declaration.weightsPosition(),
          Message.GRAPH_LAYER_COUNT,
          declaration.declared().simpleName(),
          layers.size(),
          file.file(),
          graph.layers().size(),
          graph.layers().stream().map(l -> l.in() + " -> " + l.out()).collect(Collectors.joining(", ")));
      return layers;
    }
    List<Layer> bound = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      ImportedLayer imported = graph.layers().get(i);
      List<ActivationFunction> expected = activations(imported);
      if (layer.isLayerNorm() || imported.isLayerNorm()) {
        boolean same =
            layer.isLayerNorm()
                && imported.isLayerNorm()
                && layer.out() == imported.out()
                && Math.abs(layer.epsilon() - imported.epsilon()) <= 1e-6 * imported.epsilon()
                && sameActivations(layer.activations(), expected);
        if (!same) {
          report.add(
              declaration.weightsPosition(),
              Message.GRAPH_LAYER_NORM_MISMATCH,
              layer.number(),
              describe(layer, layer.activations()),
              imported.source(),
              file.file(),
              describe(imported, expected));
          return layers;
        }
        bound.add(withWeights(layer, imported.weights(), imported.bias()));
        continue;
      }
      if (layer.in() != imported.in() || layer.out() != imported.out() || !sameActivations(layer.activations(), expected)) {
        report.add(
            declaration.weightsPosition(),
            Message.GRAPH_LAYER_MISMATCH,
            layer.number(),
            layer.in(),
            layer.out(),
            describe(layer.activations()),
            imported.source(),
            file.file(),
            imported.in(),
            imported.out(),
            describe(expected));
        return layers;
      }
      bound.add(
          withWeights(layer, imported.weights(), imported.bias())
              .withQuantized(imported.quantized().orElse(null)));
    }
    return bound;
  }

  private static Layer withWeights(Layer layer, double[] weights, double[] bias) {
    return layer.withParameters(weights, bias);
  }

  private static List<ActivationFunction> activations(ImportedLayer layer) {
    return layer.activations().stream().map(a -> new ActivationFunction(a.kind(), a.alpha())).toList();
  }

  static boolean sameActivations(List<ActivationFunction> declared, List<ActivationFunction> imported) {
    if (declared.size() != imported.size()) {
      return false;
    }
    for (int i = 0; i < declared.size(); i++) {
      ActivationFunction a = declared.get(i);
      ActivationFunction b = imported.get(i);
      if (a.kind() != b.kind()
          || (a.kind() == Activation.Kind.LEAKY_RELU && Math.abs(a.alpha() - b.alpha()) > 1e-6)) {
        return false;
      }
    }
    return true;
  }

  /** {@code @Dense(in = 3, out = 4) then RELU}, {@code @LayerNorm(epsilon = 1.0E-5) over 4 features}. */
  private static String describe(Layer layer, List<ActivationFunction> activations) {
    String kind =
        layer.isLayerNorm()
            ? "@LayerNorm(epsilon = " + layer.epsilon() + ") over " + layer.out() + " features"
            : "@Dense(in = " + layer.in() + ", out = " + layer.out() + ")";
    return kind + " with " + describe(activations);
  }

  private static String describe(ImportedLayer layer, List<ActivationFunction> activations) {
    String kind =
        layer.isLayerNorm()
            ? "a LayerNorm with epsilon " + (float) layer.epsilon() + " over " + layer.out() + " features"
            : "a dense layer with in = " + layer.in() + ", out = " + layer.out();
    return kind + " with " + describe(activations);
  }

  static String describe(List<ActivationFunction> activations) {
    return activations.isEmpty()
        ? "no activation"
        : activations.stream()
            .map(f -> f.kind().name().toUpperCase(Locale.ROOT)
                + (f.kind() == Activation.Kind.LEAKY_RELU ? " (alpha " + f.alpha() + ")" : ""))
            .collect(Collectors.joining(" then "));
  }
}
