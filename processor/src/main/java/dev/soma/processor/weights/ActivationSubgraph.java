package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.Activation.Kind;
import dev.soma.processor.weights.ActivationRecognizer.Recognized;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An element-wise subgraph after a layer's linear part: the nodes reachable from the layer's
 * output whose other operands are scalar constants. It must end in one value; evaluating it on
 * sample points ({@link ActivationRecognizer}) names the activation it computes, such as the erf
 * GELU, tanh GELU and x * sigmoid(x) that exporters write out operator by operator.
 *
 * @param region the subgraph's nodes, each after the producers of its inputs
 * @param exit the one value the subgraph gives to the rest of the graph
 * @param activation what it computes
 */
record ActivationSubgraph(List<Integer> region, String exit, Recognized activation) {

  /**
   * The subgraph that starts at {@code value}, read by {@code users}, after the linear part of
   * {@code layer} (its description, for messages).
   */
  static ActivationSubgraph follow(
      CheckedGraph graph, String value, List<Integer> users, String layer)
      throws WeightFileException {
    Set<Integer> region = new LinkedHashSet<>();
    Set<String> regionValues = new HashSet<>(Set.of(value));
    Deque<String> frontier = new ArrayDeque<>(List.of(value));
    while (!frontier.isEmpty()) {
      for (int index : graph.consumers(frontier.poll())) {
        if (!region.contains(index) && isScalarElementwise(graph, index, regionValues)) {
          region.add(index);
          for (String output : graph.node(index).outputs()) {
            if (!output.isEmpty()) {
              regionValues.add(output);
              frontier.add(output);
            }
          }
        }
      }
    }
    List<String> exits = new ArrayList<>();
    for (String v : regionValues) {
      boolean usedOutside =
          graph.isGraphOutput(v) || graph.consumers(v).stream().anyMatch(c -> !region.contains(c));
      if (usedOutside) {
        exits.add(v);
      }
    }
    String ops =
        region.stream().map(i -> graph.node(i).opType()).collect(Collectors.joining(", "));
    if (region.isEmpty() || exits.size() != 1 || exits.get(0).equals(value)) {
      throw new WeightFileException(
          Message.ONNX_ELEMENTWISE_BRANCHES,
          layer,
          users.stream().map(graph::describe).collect(Collectors.joining(", ")),
          value,
          ops);
    }
    String exit = exits.get(0);
    List<Integer> ordered = topological(graph, region, value);
    return new ActivationSubgraph(ordered, exit, recognize(graph, ordered, value, exit, layer));
  }

  private static boolean isScalarElementwise(
      CheckedGraph graph, int index, Set<String> regionValues) throws WeightFileException {
    Node node = graph.node(index);
    if (!CheckedGraph.ELEMENTWISE.contains(node.opType()) || node.inputs().isEmpty()) {
      return false;
    }
    for (int k = 1; k < node.outputs().size(); k++) {
      String extra = node.outputs().get(k);
      if (graph.isRead(extra) || graph.isGraphOutput(extra)) {
        return false; // only Dropout has a second output (its mask), and it must be unused
      }
    }
    for (int k = 0; k < node.inputs().size(); k++) {
      String input = node.inputs().get(k);
      if (input.isEmpty() || regionValues.contains(input)) {
        continue;
      }
      TensorData constant = graph.constant(input);
      boolean dropoutParameter = node.opType().equals("Dropout") && k > 0;
      if (constant == null || (!dropoutParameter && constant.elementCount() != 1)) {
        return false;
      }
    }
    return true;
  }

  /** Orders region nodes so each comes after the producers of its inputs. */
  private static List<Integer> topological(CheckedGraph graph, Set<Integer> region, String start)
      throws WeightFileException {
    List<Integer> ordered = new ArrayList<>();
    Set<String> known = new HashSet<>(Set.of(start));
    List<Integer> left = new ArrayList<>(region);
    while (!left.isEmpty()) {
      int before = left.size();
      for (var it = left.iterator(); it.hasNext(); ) {
        int index = it.next();
        Node node = graph.node(index);
        boolean ready =
            node.inputs().stream()
                .allMatch(in -> in.isEmpty() || known.contains(in) || graph.isConstant(in));
        if (ready) {
          ordered.add(index);
          known.addAll(node.outputs());
          it.remove();
        }
      }
      if (left.size() == before) {
        throw new WeightFileException(Message.ONNX_ELEMENTWISE_ORDER, start);
      }
    }
    return ordered;
  }

  private static Recognized recognize(
      CheckedGraph graph, List<Integer> region, String start, String exit, String layer)
      throws WeightFileException {
    if (region.size() == 1) {
      Optional<Recognized> single = singleOperator(graph, region.get(0));
      if (single.isPresent()) {
        return single.get();
      }
    }
    Map<Integer, double[]> scalars = new HashMap<>();
    for (int index : region) {
      Node node = graph.node(index);
      double[] values = new double[node.inputs().size()];
      for (int k = 0; k < values.length; k++) {
        TensorData constant = graph.constant(node.inputs().get(k));
        values[k] =
            constant == null || node.opType().equals("Dropout") ? Double.NaN : constant.values()[0];
      }
      scalars.put(index, values);
    }
    Optional<Recognized> recognized =
        ActivationRecognizer.recognize(x -> evaluate(graph, region, scalars, start, exit, x));
    if (recognized.isEmpty()) {
      throw new WeightFileException(
          Message.ONNX_NO_ACTIVATION,
          region.stream().map(graph::describe).collect(Collectors.joining(", ")),
          layer);
    }
    return recognized.get();
  }

  /**
   * The activation node {@code index} computes on its own if it is an activation operator ({@code
   * Relu}, {@code LeakyRelu}, {@code Sigmoid}, {@code Tanh}, {@code Gelu}); empty otherwise.
   */
  static Optional<Recognized> singleOperator(CheckedGraph graph, int index)
      throws WeightFileException {
    Node node = graph.node(index);
    return switch (node.opType()) {
      case "Relu" -> Optional.of(new Recognized(Kind.RELU, 0));
      case "LeakyRelu" ->
          Optional.of(new Recognized(Kind.LEAKY_RELU, node.floatAttribute("alpha", 0.01)));
      case "Sigmoid" -> Optional.of(new Recognized(Kind.SIGMOID, 0));
      case "Tanh" -> Optional.of(new Recognized(Kind.TANH, 0));
      case "Gelu" -> {
        String approximate = node.stringAttribute("approximate", "none");
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
          throw new WeightFileException(
              Message.ONNX_GELU_APPROXIMATE, graph.describe(index), approximate);
        }
        yield Optional.of(
            new Recognized(approximate.equals("tanh") ? Kind.GELU_TANH : Kind.GELU, 0));
      }
      default -> Optional.empty();
    };
  }

  /** The subgraph's value at its exit when {@code start} is {@code x}. */
  private static double evaluate(
      CheckedGraph graph,
      List<Integer> region,
      Map<Integer, double[]> scalars,
      String start,
      String exit,
      double x) {
    Map<String, Double> values = new HashMap<>();
    values.put(start, x);
    for (int index : region) {
      Node node = graph.node(index);
      double[] constantsOf = scalars.get(index);
      double[] args = new double[node.inputs().size()];
      for (int k = 0; k < args.length; k++) {
        Double v = values.get(node.inputs().get(k));
        args[k] = v != null ? v : constantsOf[k];
      }
      values.put(node.outputs().get(0), apply(node, args));
    }
    Double result = values.get(exit);
    return result == null ? Double.NaN : result;
  }

  /** One element-wise operator on scalars. */
  static double apply(Node node, double[] a) {
    return switch (node.opType()) {
      case "Add" -> a[0] + a[1];
      case "Sub" -> a[0] - a[1];
      case "Mul" -> a[0] * a[1];
      case "Div" -> a[0] / a[1];
      case "Pow" -> Math.pow(a[0], a[1]);
      case "Sqrt" -> Math.sqrt(a[0]);
      case "Neg" -> -a[0];
      case "Exp" -> Math.exp(a[0]);
      case "Erf" -> ActivationRecognizer.erf(a[0]);
      case "Tanh" -> Math.tanh(a[0]);
      case "Sigmoid" -> ActivationRecognizer.sigmoid(a[0]);
      case "Relu" -> Math.max(0, a[0]);
      case "LeakyRelu" -> a[0] > 0 ? a[0] : node.floatAttribute("alpha", 0.01) * a[0];
      case "Gelu" ->
          ActivationRecognizer.apply(
              node.stringAttribute("approximate", "none").equals("tanh")
                  ? Kind.GELU_TANH
                  : Kind.GELU,
              0,
              a[0]);
      default -> a[0]; // Identity, Dropout
    };
  }
}
