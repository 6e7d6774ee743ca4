package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.weights.OnnxModel.Node;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The error for a graph with operators Soma does not import: each operator with the nodes that use
 * it, and what the user can do instead, which depends on what kind of operator it is.
 */
final class UnsupportedOperators {
  /** Nodes named per operator before the rest are counted. */
  private static final int NODES_NAMED = 3;

  /** Layers of other network kinds, which no Soma layer replaces. */
  private static final Set<String> OTHER_NETWORK_KINDS =
      Set.of(
          "Conv", "ConvTranspose", "ConvInteger", "QLinearConv", "MaxPool", "AveragePool",
          "GlobalAveragePool", "GlobalMaxPool", "LpPool", "MaxUnpool", "RNN", "GRU", "LSTM",
          "Attention", "MultiHeadAttention");

  /** Operators that compute shapes, which Soma reads only in the flatten pattern it knows. */
  private static final Set<String> SHAPE_ARITHMETIC =
      Set.of(
          "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice", "Expand", "Tile",
          "ConstantOfShape", "Range", "Cast", "Size");

  private UnsupportedOperators() {}

  /**
   * The error for the nodes of {@code nodes} whose operator {@code supported} lacks (every node of
   * a domain other than the default one counts as unsupported), or null when there is none.
   */
  static WeightFileException check(List<Node> nodes, Set<String> supported) {
    Map<String, List<String>> byOperator = new TreeMap<>();
    for (int index = 0; index < nodes.size(); index++) {
      Node node = nodes.get(index);
      String operator =
          node.isDefaultDomain() ? node.opType() : node.domain() + ":" + node.opType();
      if (!node.isDefaultDomain() || !supported.contains(node.opType())) {
        byOperator
            .computeIfAbsent(operator, o -> new ArrayList<>())
            .add(node.name().isEmpty() ? "node " + index : "node '" + node.name() + "'");
      }
    }
    if (byOperator.isEmpty()) {
      return null;
    }
    List<String> named = new ArrayList<>();
    byOperator.forEach((operator, where) -> named.add(operator + " (" + nodes(where) + ")"));
    return new WeightFileException(
        byOperator.size() > 1 ? Message.ONNX_UNSUPPORTED_OPERATORS : Message.ONNX_UNSUPPORTED_OPERATOR,
        String.join(", ", named),
        String.join(", ", supported),
        advice(byOperator.keySet()));
  }

  /** {@code node 'a', node 7 and 4 more}. */
  private static String nodes(List<String> where) {
    int shown = Math.min(where.size(), NODES_NAMED);
    String text = String.join(", ", where.subList(0, shown));
    return where.size() > shown ? text + " and " + (where.size() - shown) + " more" : text;
  }

  /** What to do instead, for the kinds of operator among {@code operators}. */
  private static String advice(Set<String> operators) {
    Set<String> advice = new LinkedHashSet<>();
    for (String operator : operators) {
      if (operator.contains(":")) {
        advice.add(
            "operators of another domain come from a graph an optimiser or converter rewrote"
                + " (such as ONNX Runtime's optimised model): export the original model, which uses"
                + " standard ONNX operators");
      } else if (OTHER_NETWORK_KINDS.contains(operator)) {
        advice.add(
            "Soma generates dense networks, and convolution, pooling, recurrent and attention layers"
                + " have no Soma equivalent: export only the dense part of the model, or run this"
                + " one with an ONNX runtime");
      } else if (SHAPE_ARITHMETIC.contains(operator)) {
        advice.add(
            "shape arithmetic is read only as the flatten torch.onnx.export writes for"
                + " x.view(x.size(0), -1) (Shape, Gather, Unsqueeze, Concat, Reshape): flatten with"
                + " torch.flatten or nn.Flatten (an ONNX Flatten), or reshape to a constant shape");
      } else {
        advice.add(
            "export the model without such operators (for example with the arithmetic done on the"
                + " inputs in your code), or save the weights as safetensors and declare the layers"
                + " with @Dense, @Activation and @LayerNorm");
      }
    }
    return String.join("; ", advice);
  }
}
