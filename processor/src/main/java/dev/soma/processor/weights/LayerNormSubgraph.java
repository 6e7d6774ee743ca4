package dev.soma.processor.weights;

import dev.soma.processor.weights.OnnxModel.Attribute;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Layer normalisation written out as the element-wise nodes exporters emit below ONNX opset 17
 * (PyTorch's {@code layer_norm} symbolic, {@code tf2onnx}):
 *
 * <pre>
 * mean = ReduceMean(x, axes = [-1])      d = Sub(x, mean)
 * var  = ReduceMean(Pow(d, 2) or Mul(d, d), axes = [-1])
 * y    = Div(d, Sqrt(Add(var, epsilon)))
 * </pre>
 *
 * The {@code Mul(y, gamma)} and {@code Add(., beta)} that follow are constant arithmetic, which the
 * walk folds into the LayerNorm's gamma and beta. A match needs every node's other operands to be
 * the expected constants and every intermediate value to be read only inside the pattern.
 */
final class LayerNormSubgraph {
  /** The nodes of the pattern, where it ends and its epsilon. */
  record Match(Set<Integer> region, String exit, double epsilon, String source) {}

  private final CheckedGraph graph;
  private final Set<Integer> region = new LinkedHashSet<>();

  private LayerNormSubgraph(CheckedGraph graph) {
    this.graph = graph;
  }

  /** The pattern starting at {@code x}, read by {@code users}, if it is there. */
  static Optional<Match> match(CheckedGraph graph, String x, List<Integer> users)
      throws WeightFileException {
    return new LayerNormSubgraph(graph).match(x, users);
  }

  private Optional<Match> match(String x, List<Integer> users) throws WeightFileException {
    if (users.size() != 2) {
      return Optional.empty();
    }
    int first = users.get(0);
    int second = users.get(1);
    int reduce = isOp(first, "ReduceMean") ? first : second;
    int sub = reduce == first ? second : first;
    if (!isMeanOverFeatures(reduce, x) || !isOp(sub, "Sub")) {
      return Optional.empty();
    }
    String mean = out(reduce);
    Node subNode = graph.node(sub);
    if (!subNode.inputs().equals(List.of(x, mean)) || !onlyReadBy(mean, sub)) {
      return Optional.empty();
    }
    region.add(reduce);
    region.add(sub);
    String d = out(sub);
    List<Integer> dUsers = graph.consumers(d).stream().distinct().toList(); // Mul(d, d) reads d twice
    if (dUsers.size() != 2 || graph.isGraphOutput(d)) {
      return Optional.empty();
    }
    int square = isSquareOf(dUsers.get(0), d) ? dUsers.get(0) : dUsers.get(1);
    int div = square == dUsers.get(0) ? dUsers.get(1) : dUsers.get(0);
    if (!isSquareOf(square, d) || !isOp(div, "Div") || !graph.node(div).inputs().get(0).equals(d)) {
      return Optional.empty();
    }
    region.add(square);
    Optional<Integer> variance = single(out(square));
    if (variance.isEmpty() || !isMeanOverFeatures(variance.get(), out(square))) {
      return Optional.empty();
    }
    region.add(variance.get());
    Optional<Integer> add = single(out(variance.get()));
    if (add.isEmpty() || !isOp(add.get(), "Add")) {
      return Optional.empty();
    }
    Node addNode = graph.node(add.get());
    String epsilonName =
        addNode.inputs().get(0).equals(out(variance.get())) ? addNode.inputs().get(1) : addNode.inputs().get(0);
    Optional<Double> epsilon = scalar(epsilonName);
    if (epsilon.isEmpty()) {
      return Optional.empty();
    }
    region.add(add.get());
    Optional<Integer> sqrt = single(out(add.get()));
    if (sqrt.isEmpty() || !isOp(sqrt.get(), "Sqrt")) {
      return Optional.empty();
    }
    region.add(sqrt.get());
    if (!onlyReadBy(out(sqrt.get()), div) || !graph.node(div).inputs().get(1).equals(out(sqrt.get()))) {
      return Optional.empty();
    }
    region.add(div);
    return Optional.of(new Match(Set.copyOf(region), out(div), epsilon.get(), graph.describe(reduce)));
  }

  private boolean isOp(int index, String op) {
    Node node = graph.node(index);
    return node.isDefaultDomain() && node.opType().equals(op) && node.outputs().size() == 1;
  }

  private String out(int index) {
    return graph.node(index).outputs().get(0);
  }

  /** The single reader of {@code value}, which is no graph output. */
  private Optional<Integer> single(String value) {
    List<Integer> users = graph.consumers(value);
    return users.size() == 1 && !graph.isGraphOutput(value) ? Optional.of(users.get(0)) : Optional.empty();
  }

  private boolean onlyReadBy(String value, int index) {
    return single(value).filter(user -> user == index).isPresent();
  }

  /** {@code Pow(d, 2)} or {@code Mul(d, d)}. */
  private boolean isSquareOf(int index, String d) throws WeightFileException {
    Node node = graph.node(index);
    if (isOp(index, "Mul")) {
      return node.inputs().equals(List.of(d, d));
    }
    return isOp(index, "Pow")
        && node.inputs().get(0).equals(d)
        && scalar(node.inputs().get(1)).filter(e -> e == 2.0).isPresent();
  }

  /**
   * {@code ReduceMean} of {@code value} over the last axis, keeping it: {@code axes = [-1]} as an
   * attribute (opset below 18) or a constant second input (opset 18).
   */
  private boolean isMeanOverFeatures(int index, String value) throws WeightFileException {
    if (!isOp(index, "ReduceMean")) {
      return false;
    }
    Node node = graph.node(index);
    if (!node.inputs().get(0).equals(value) || node.intAttribute("keepdims", 1) == 0) {
      return false;
    }
    long[] axes;
    if (node.inputs().size() > 1 && !node.inputs().get(1).isEmpty()) {
      TensorData tensor = graph.constant(node.inputs().get(1));
      if (tensor == null) {
        return false;
      }
      double[] values = tensor.values();
      axes = new long[values.length];
      for (int k = 0; k < values.length; k++) {
        axes[k] = (long) values[k];
      }
    } else {
      Attribute attribute = node.attributes().get("axes");
      axes = attribute == null ? new long[0] : attribute.ints();
    }
    return axes.length == 1 && (axes[0] == -1 || axes[0] == 1);
  }

  private Optional<Double> scalar(String name) throws WeightFileException {
    TensorData tensor = graph.constant(name);
    if (tensor == null) {
      return Optional.empty();
    }
    double[] values = tensor.values();
    return values.length == 1 ? Optional.of(values[0]) : Optional.empty();
  }
}
