package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.weights.OnnxModel.Graph;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import dev.soma.processor.weights.OnnxModel.ValueInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An ONNX graph that passed the structure checks, with its values indexed: which node produces and
 * which nodes read each value, the constant values, and an order of the nodes in which every node
 * comes after the producers of its inputs.
 *
 * <p>The checks, all before any layer is built: every operator supported (all unsupported ones are
 * named at once), input counts, every input provided, no value produced twice, no cycle (Kahn's
 * algorithm, so a cyclic graph fails instead of hanging), one data input and one output. Between
 * them, {@link ConstantFolding} replaces transposes and dequantizations of constants by their
 * results. After the
 * walk, {@link #checkEveryDataNodeVisited} and {@link #checkDeclaredInputSize} check what the walk
 * found against the graph. Every check is linear in the nodes and edges.
 */
final class CheckedGraph {
  /** Operators that pass a sample's features through unchanged. */
  static final Set<String> PASS_THROUGH = Set.of("Identity", "Dropout", "Flatten");

  /** Element-wise operators an activation subgraph may use (with scalar constants). */
  static final Set<String> ELEMENTWISE =
      Set.of(
          "Add",
          "Sub",
          "Mul",
          "Div",
          "Pow",
          "Sqrt",
          "Neg",
          "Exp",
          "Erf",
          "Tanh",
          "Sigmoid",
          "Relu",
          "LeakyRelu",
          "Gelu",
          "Identity",
          "Dropout");

  /** Every operator the converter accepts somewhere. */
  static final Set<String> SUPPORTED = supported();

  private static Set<String> supported() {
    Set<String> ops = new TreeSet<>(ELEMENTWISE);
    ops.addAll(PASS_THROUGH);
    ops.addAll(
        List.of(
            "Gemm", "MatMul", "BatchNormalization", "Softmax", "Constant", "Reshape", "Transpose",
            "LayerNormalization", "ReduceMean", "DequantizeLinear"));
    return ops;
  }

  private final OnnxModel model;
  private final Graph graph;
  private final Map<String, Integer> producers = new HashMap<>();
  private final Map<String, List<Integer>> consumers = new HashMap<>();
  private final Map<String, TensorData> constants = new HashMap<>();
  private final Map<String, Dequantization.Quantized> quantized = new HashMap<>();
  private final Set<String> outputs = new HashSet<>();
  private final List<Integer> order = new ArrayList<>();
  private String input;
  private String output;

  private CheckedGraph(OnnxModel model) {
    this.model = model;
    this.graph = model.graph();
  }

  /** Checks the structure of {@code model}'s graph and indexes it. */
  static CheckedGraph of(OnnxModel model) throws WeightFileException {
    CheckedGraph checked = new CheckedGraph(model);
    checked.checkOperators();
    checked.indexValues();
    checked.checkAcyclic();
    ConstantFolding.foldTransposes(checked);
    checked.input = checked.findDataInput();
    checked.output = checked.findOutput();
    return checked;
  }

  OnnxModel model() {
    return model;
  }

  List<Node> nodes() {
    return graph.nodes();
  }

  Node node(int index) {
    return graph.nodes().get(index);
  }

  /** The name for messages of the node at {@code index}. */
  String describe(int index) {
    return node(index).describe(index);
  }

  /** The nodes that read {@code value}, in file order; empty for none. */
  List<Integer> consumers(String value) {
    return consumers.getOrDefault(value, List.of());
  }

  /** Whether some node reads {@code value}. */
  boolean isRead(String value) {
    return consumers.containsKey(value);
  }

  /** The constant value named {@code value} (initializer, Constant or folded), or null. */
  TensorData constant(String value) {
    return constants.get(value);
  }

  boolean isConstant(String value) {
    return constants.containsKey(value);
  }

  /** Records that {@code value} is the constant {@code tensor} (a folded node's result). */
  void addConstant(String value, TensorData tensor) {
    constants.put(value, tensor);
  }

  /** The integer tensor behind the dequantized constant {@code value}, or null for none. */
  Dequantization.Quantized quantized(String value) {
    return quantized.get(value);
  }

  /** Records that the constant {@code value} is {@code tensor} dequantized. */
  void addQuantized(String value, Dequantization.Quantized tensor) {
    quantized.put(value, tensor);
  }

  boolean isGraphOutput(String value) {
    return outputs.contains(value);
  }

  /** The node indexes, each after the producers of its inputs. */
  List<Integer> topologicalOrder() {
    return order;
  }

  /** The one graph input that is not an initializer: the data. */
  String dataInput() {
    return input;
  }

  /** The one graph output. */
  String output() {
    return output;
  }

  private void checkOperators() throws WeightFileException {
    WeightFileException unsupported = UnsupportedOperators.check(graph.nodes(), SUPPORTED);
    if (unsupported != null) {
      throw unsupported;
    }
  }

  private void indexValues() throws WeightFileException {
    constants.putAll(graph.initializers());
    graph.outputs().forEach(info -> outputs.add(info.name()));
    List<Node> nodes = graph.nodes();
    for (int index = 0; index < nodes.size(); index++) {
      Node node = nodes.get(index);
      if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
        throw new WeightFileException(Message.ONNX_NO_OUTPUT, node.describe(index));
      }
      checkArity(node, index);
      for (String output : node.outputs()) {
        if (output.isEmpty()) {
          continue;
        }
        Integer earlier = producers.put(output, index);
        if (earlier != null || graph.initializers().containsKey(output)) {
          throw earlier != null
              ? new WeightFileException(
                  Message.ONNX_PRODUCED_TWICE,
                  output,
                  node.describe(index),
                  nodes.get(earlier).describe(earlier))
              : new WeightFileException(
                  Message.ONNX_PRODUCED_AND_INITIALIZER, output, node.describe(index));
        }
      }
      for (String input : node.inputs()) {
        if (!input.isEmpty()) {
          consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(index);
        }
      }
      if (node.opType().equals("Constant")) {
        constants.put(node.outputs().get(0), ConstantFolding.constantValue(node, index));
      }
    }
    Set<String> graphInputs = new HashSet<>();
    graph.inputs().forEach(info -> graphInputs.add(info.name()));
    for (int index = 0; index < nodes.size(); index++) {
      Node node = nodes.get(index);
      for (String input : node.inputs()) {
        if (!input.isEmpty()
            && !producers.containsKey(input)
            && !constants.containsKey(input)
            && !graphInputs.contains(input)) {
          throw new WeightFileException(Message.ONNX_MISSING_INPUT, node.describe(index), input);
        }
      }
    }
  }

  /**
   * Checks the number of inputs against the operator's signature, so later steps can index them.
   */
  private static void checkArity(Node node, int index) throws WeightFileException {
    int[] range =
        switch (node.opType()) {
          case "Constant" -> new int[] {0, 0};
          case "Gemm" -> new int[] {2, 3};
          case "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Reshape" -> new int[] {2, 2};
          case "BatchNormalization" -> new int[] {5, 5};
          case "LayerNormalization", "DequantizeLinear" -> new int[] {2, 3};
          case "ReduceMean" -> new int[] {1, 2};
          case "Dropout" -> new int[] {1, 3};
          default -> new int[] {1, 1};
        };
    int count = node.inputs().size();
    if (count < range[0] || count > range[1]) {
      throw new WeightFileException(
          Message.ONNX_INPUT_COUNT,
          node.describe(index),
          count,
          range[0] == range[1] ? String.valueOf(range[0]) : range[0] + " to " + range[1]);
    }
    if (count > 0 && node.inputs().get(0).isEmpty()) {
      throw new WeightFileException(Message.ONNX_FIRST_INPUT_EMPTY, node.describe(index), count);
    }
  }

  /**
   * Kahn's algorithm over the nodes, which also gives {@link #topologicalOrder}; whatever remains
   * lies on or behind a cycle.
   */
  private void checkAcyclic() throws WeightFileException {
    List<Node> nodes = graph.nodes();
    int[] unresolved = new int[nodes.size()];
    Deque<Integer> ready = new ArrayDeque<>();
    for (int index = 0; index < nodes.size(); index++) {
      for (String input : nodes.get(index).inputs()) {
        if (producers.containsKey(input)) {
          unresolved[index]++;
        }
      }
      if (unresolved[index] == 0) {
        ready.add(index);
      }
    }
    while (!ready.isEmpty()) {
      int index = ready.poll();
      order.add(index);
      for (String output : nodes.get(index).outputs()) {
        for (int consumer : consumers(output)) {
          // A node reading the same value twice counted it twice; resolve each use.
          if (--unresolved[consumer] == 0) {
            ready.add(consumer);
          }
        }
      }
    }
    if (order.size() < nodes.size()) {
      List<String> cyclic = new ArrayList<>();
      for (int index = 0; index < nodes.size(); index++) {
        if (unresolved[index] > 0) {
          cyclic.add(nodes.get(index).describe(index));
        }
      }
      throw new WeightFileException(Message.ONNX_CYCLE, String.join(", ", cyclic));
    }
  }

  private String findDataInput() throws WeightFileException {
    List<String> inputs = new ArrayList<>();
    for (ValueInfo info : graph.inputs()) {
      if (!constants.containsKey(info.name())) {
        inputs.add(info.name());
      }
    }
    if (inputs.size() != 1) {
      throw new WeightFileException(Message.ONNX_DATA_INPUTS, inputs.size(), inputs.toString());
    }
    return inputs.get(0);
  }

  private String findOutput() throws WeightFileException {
    if (graph.outputs().size() != 1) {
      throw new WeightFileException(
          Message.ONNX_OUTPUTS,
          graph.outputs().size(),
          graph.outputs().stream().map(ValueInfo::name).toList().toString());
    }
    return graph.outputs().get(0).name();
  }

  /**
   * Requires that the walk {@code visited} every node that depends on the data input: anything
   * else lies on a branch off the single path. One breadth-first pass over the values, so linear in
   * nodes and edges whatever the file order of the nodes.
   */
  void checkEveryDataNodeVisited(Set<Integer> visited) throws WeightFileException {
    boolean[] dynamic = new boolean[graph.nodes().size()];
    Set<String> reached = new HashSet<>(Set.of(input));
    Deque<String> frontier = new ArrayDeque<>(List.of(input));
    while (!frontier.isEmpty()) {
      for (int index : consumers(frontier.poll())) {
        if (!dynamic[index]) {
          dynamic[index] = true;
          for (String value : node(index).outputs()) {
            if (!value.isEmpty() && reached.add(value)) {
              frontier.add(value);
            }
          }
        }
      }
    }
    List<String> stray = new ArrayList<>();
    for (int index = 0; index < dynamic.length; index++) {
      if (dynamic[index] && !visited.contains(index)) {
        stray.add(describe(index));
      }
    }
    if (!stray.isEmpty()) {
      throw new WeightFileException(Message.ONNX_BRANCHES, String.join(", ", stray));
    }
  }

  /** Requires that the data input's declared shape, when fixed, has {@code inputSize} features. */
  void checkDeclaredInputSize(int inputSize) throws WeightFileException {
    ValueInfo info =
        graph.inputs().stream().filter(i -> i.name().equals(input)).findFirst().orElseThrow();
    long[] dims = info.dims();
    if (dims == null || dims.length == 0) {
      return;
    }
    long features = 1;
    for (int k = dims.length == 1 ? 0 : 1; k < dims.length; k++) {
      if (dims[k] < 0) {
        return; // symbolic: nothing to compare
      }
      features *= dims[k];
    }
    if (features != inputSize) {
      throw new WeightFileException(
          Message.ONNX_INPUT_SHAPE, info.name(), Arrays.toString(dims), features, inputSize);
    }
  }
}
