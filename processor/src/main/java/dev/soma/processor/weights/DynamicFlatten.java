package dev.soma.processor.weights;

import dev.soma.processor.weights.OnnxModel.Attribute;
import dev.soma.processor.weights.OnnxModel.Graph;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises the shape arithmetic {@code torch.onnx.export} writes for {@code x.view(x.size(0),
 * -1)} and replaces it by the {@code Flatten} it computes, before the graph is checked:
 *
 * <pre>
 * s = Shape(x); b = Gather(s, 0); u = Unsqueeze(b, axes = [0]); t = Concat(u, [-1], axis = 0)
 * y = Reshape(x, t)            becomes            y = Flatten(x, axis = 1)
 * </pre>
 *
 * <p>The batch size is read from the data and written back unchanged, so each sample stays one
 * flat vector: what {@code Flatten} does. Unsqueeze's axes may be an attribute (opset 12 and
 * before) or a constant input (opset 13 on); the indices, axes and {@code -1} may be initializers
 * or {@code Constant} nodes, which are dropped with the pattern when nothing else reads them.
 * Anything that differs (another index, another axis, a value read twice) is left as it is, and
 * the graph check then names its operators as unsupported. Nodes keep their names; an unnamed
 * node after a removed one is described with its index in the rewritten graph.
 */
final class DynamicFlatten {
  private final Graph graph;
  private final Map<String, Integer> producers = new HashMap<>();
  private final Map<String, Integer> readers = new HashMap<>();
  private final Set<Integer> removed = new HashSet<>();
  private final Map<Integer, Node> replaced = new HashMap<>();

  private DynamicFlatten(Graph graph) {
    this.graph = graph;
    List<Node> nodes = graph.nodes();
    for (int index = 0; index < nodes.size(); index++) {
      for (String output : nodes.get(index).outputs()) {
        producers.putIfAbsent(output, index);
      }
      for (String input : nodes.get(index).inputs()) {
        readers.merge(input, 1, Integer::sum);
      }
    }
  }

  /** {@code model} with every dynamic flatten replaced by {@code Flatten}; itself when none. */
  static OnnxModel rewrite(OnnxModel model) {
    DynamicFlatten rewriting = new DynamicFlatten(model.graph());
    List<Node> nodes = model.graph().nodes();
    for (int index = 0; index < nodes.size(); index++) {
      rewriting.tryReshape(index);
    }
    if (rewriting.replaced.isEmpty()) {
      return model;
    }
    List<Node> kept = new ArrayList<>();
    for (int index = 0; index < nodes.size(); index++) {
      if (!rewriting.removed.contains(index)) {
        kept.add(rewriting.replaced.getOrDefault(index, nodes.get(index)));
      }
    }
    Graph g = model.graph();
    return new OnnxModel(
        model.irVersion(),
        model.opsets(),
        new Graph(g.name(), kept, g.initializers(), g.inputs(), g.outputs()));
  }

  /** Replaces the Reshape at {@code index} if its target shape is the pattern. */
  private void tryReshape(int index) {
    Node reshape = graph.nodes().get(index);
    if (!is(reshape, "Reshape", 2) || reshape.intAttribute("allowzero", 0) != 0) {
      return;
    }
    String data = reshape.inputs().get(0);
    Integer concat = soleProducer(reshape.inputs().get(1), "Concat", 2);
    if (concat == null || node(concat).intAttribute("axis", 0) != 0) {
      return;
    }
    if (!constantEquals(node(concat).inputs().get(1), -1)) {
      return;
    }
    Integer unsqueeze = soleProducer(node(concat).inputs().get(0), "Unsqueeze", -1);
    if (unsqueeze == null || !unsqueezesAxisZero(node(unsqueeze))) {
      return;
    }
    Integer gather = soleProducer(node(unsqueeze).inputs().get(0), "Gather", 2);
    if (gather == null
        || node(gather).intAttribute("axis", 0) != 0
        || !constantEquals(node(gather).inputs().get(1), 0)
        || !isScalar(node(gather).inputs().get(1))) {
      return;
    }
    Integer shape = soleProducer(node(gather).inputs().get(0), "Shape", 1);
    if (shape == null
        || !node(shape).inputs().get(0).equals(data)
        || node(shape).intAttribute("start", 0) != 0
        || node(shape).attributes().containsKey("end")) {
      return;
    }
    for (int part : List.of(concat, unsqueeze, gather, shape)) {
      removed.add(part);
      for (String input : node(part).inputs()) {
        Integer constant = producers.get(input);
        if (constant != null
            && node(constant).opType().equals("Constant")
            && readers.getOrDefault(input, 0) == 1) {
          removed.add(constant);
        }
      }
    }
    Attribute axis = new Attribute("axis", 2, 0, 1, new byte[0], null, new double[0], new long[0]);
    replaced.put(
        index,
        new Node(
            reshape.name(),
            "Flatten",
            reshape.domain(),
            List.of(data),
            reshape.outputs(),
            Map.of("axis", axis)));
  }

  private Node node(int index) {
    return graph.nodes().get(index);
  }

  /** Whether {@code node} is {@code opType} of the default domain with {@code inputs} inputs (-1: any). */
  private static boolean is(Node node, String opType, int inputs) {
    return node.opType().equals(opType)
        && node.isDefaultDomain()
        && (inputs < 0 || node.inputs().size() == inputs);
  }

  /**
   * The index of the node producing {@code value} as its only output, if it is {@code opType}
   * with {@code inputs} inputs and {@code value} has no other reader; null otherwise.
   */
  private Integer soleProducer(String value, String opType, int inputs) {
    Integer index = producers.get(value);
    if (index == null
        || !is(node(index), opType, inputs)
        || node(index).outputs().size() != 1
        || readers.getOrDefault(value, 0) != 1
        || graph.outputs().stream().anyMatch(info -> info.name().equals(value))) {
      return null;
    }
    return index;
  }

  /** Axes [0], as the attribute {@code axes} or as a constant second input. */
  private boolean unsqueezesAxisZero(Node unsqueeze) {
    if (unsqueeze.inputs().size() == 2) {
      return !unsqueeze.attributes().containsKey("axes")
          && constantEquals(unsqueeze.inputs().get(1), 0);
    }
    Attribute axes = unsqueeze.attributes().get("axes");
    return unsqueeze.inputs().size() == 1 && axes != null && Arrays.equals(axes.ints(), new long[] {0});
  }

  /** Whether {@code value} is a constant holding exactly one element equal to {@code expected}. */
  private boolean constantEquals(String value, long expected) {
    TensorData tensor = constant(value);
    if (tensor == null) {
      return false;
    }
    try {
      double[] values = tensor.values();
      return values.length == 1 && values[0] == expected;
    } catch (WeightFileException unreadable) {
      return false; // left in place: the graph check reports it
    }
  }

  private boolean isScalar(String value) {
    TensorData tensor = constant(value);
    return tensor != null && tensor.dims().length == 0;
  }

  /** An initializer or the tensor of a {@code Constant} node named {@code value}; null otherwise. */
  private TensorData constant(String value) {
    TensorData initializer = graph.initializers().get(value);
    if (initializer != null) {
      return initializer;
    }
    Integer index = producers.get(value);
    if (index == null || !is(node(index), "Constant", 0)) {
      return null;
    }
    Attribute attribute = node(index).attributes().get("value");
    return attribute == null ? null : attribute.t();
  }
}
