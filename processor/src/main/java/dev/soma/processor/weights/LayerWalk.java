package dev.soma.processor.weights;

import dev.soma.Activation.Kind;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Problem;
import dev.soma.processor.model.QuantizedWeights;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Walks the single data path of a {@link CheckedGraph} from its input and folds the nodes on it
 * into dense layers.
 *
 * <p>A layer starts at {@code Gemm} (with {@code transB}, {@code alpha} and {@code beta}) or
 * {@code MatMul}. Until its activation, {@code Add}, {@code Sub}, {@code Mul} and {@code Div} by
 * constants and {@code BatchNormalization} are folded into its weights and bias. Before the first
 * layer and after an activation, {@code Add}, {@code Sub}, {@code Mul} and {@code Div} by constants
 * wait in an {@link InputAffine} and fold into the next layer's weights and bias. Its activations,
 * one or several in a row, are {@code Softmax} (last axis), single activation operators and {@link
 * ActivationSubgraph}s. {@code Identity}, {@code Dropout}, {@code Flatten} and {@code Reshape} to
 * {@code [batch, n]} pass data through. {@code LayerNormalization}, or the nodes {@link
 * LayerNormSubgraph} recognises, end the layer before and start a LayerNorm layer, into whose gamma
 * and beta constant arithmetic after it folds. Anything else is an error naming it.
 */
final class LayerWalk {
  private final CheckedGraph graph;
  private final Set<Integer> visited = new HashSet<>();
  private final List<ImportedLayer> layers = new ArrayList<>();
  private final List<Problem> notes = new ArrayList<>();
  private final InputAffine waiting;
  private PendingLayer pending;
  private boolean biasGiven;
  private int reshapedFeatures = -1;
  private String reshapeSource = "";

  private LayerWalk(CheckedGraph graph) {
    this.graph = graph;
    this.waiting = new InputAffine(graph);
  }

  /**
   * The layers along {@code graph}'s data path; the nodes visited on the way are added to {@code
   * visited}, and a note for each folding the user should know of to {@code notes} (their
   * arguments after the file).
   */
  static List<ImportedLayer> layers(CheckedGraph graph, Set<Integer> visited, List<Problem> notes)
      throws WeightFileException {
    LayerWalk walk = new LayerWalk(graph);
    String value = walk.walk(graph.dataInput());
    if (!value.equals(graph.output())) {
      throw new WeightFileException(Message.ONNX_PATH_END, value, graph.output());
    }
    if (!walk.waiting.isEmpty() && walk.pending != null) {
      throw new WeightFileException(
          Message.ONNX_AFFINE_AT_OUTPUT,
          walk.waiting.nodes(),
          walk.pending.lastActivation(),
          walk.pending.source);
    }
    if (walk.pending != null
        && walk.reshapedFeatures >= 0
        && walk.reshapedFeatures != walk.pending.out) {
      throw new WeightFileException(
          Message.ONNX_RESHAPE_AT_OUTPUT,
          walk.reshapeSource,
          walk.reshapedFeatures,
          walk.pending.out);
    }
    walk.finishLayer();
    visited.addAll(walk.visited);
    notes.addAll(walk.notes);
    return walk.layers;
  }

  private String walk(String value) throws WeightFileException {
    while (true) {
      List<Integer> users = graph.consumers(value);
      if (users.isEmpty()) {
        return value;
      }
      if (graph.isGraphOutput(value)) {
        throw new WeightFileException(
            Message.ONNX_OUTPUT_FEEDS, value, graph.describe(users.get(0)));
      }
      if (users.size() == 1 && waitsForNextLayer(users.get(0), value)) {
        int index = users.get(0);
        Node node = graph.node(index);
        visited.add(index);
        boolean dataFirst = node.inputs().get(0).equals(value);
        waiting.add(index, node.opType(), dataFirst, graph.constant(otherOperand(node, value)));
        value = node.outputs().get(0);
        continue;
      }
      if (users.size() == 1) {
        var single = ActivationSubgraph.singleOperator(graph, users.get(0));
        if (single.isPresent()) {
          int index = users.get(0);
          requireActivatable(index);
          checkUnusedExtraOutputs(index);
          visited.add(index);
          pending.activate(single.get().kind(), single.get().alpha());
          value = graph.node(index).outputs().get(0);
          continue;
        }
      }
      if (users.size() == 2 && pending != null) {
        var norm = LayerNormSubgraph.match(graph, value, users);
        if (norm.isPresent()) {
          startLayerNorm(norm.get().region(), norm.get().source() + " (a LayerNorm written out)", norm.get().epsilon(), null, null);
          value = norm.get().exit();
          continue;
        }
      }
      if (users.size() > 1 || isActivationStart(users.get(0), value)) {
        value = activation(value, users);
        continue;
      }
      int index = users.get(0);
      Node node = graph.node(index);
      checkSingleDataInput(index, value);
      visited.add(index);
      if (!waiting.isEmpty()
          && !CheckedGraph.PASS_THROUGH.contains(node.opType())
          && !Set.of("Gemm", "MatMul", "Reshape").contains(node.opType())) {
        throw new WeightFileException(
            Message.ONNX_AFFINE_NOT_FOLDABLE, waiting.nodes(), graph.describe(index));
      }
      switch (node.opType()) {
        case "Gemm" -> gemm(index, value);
        case "MatMul" -> matMul(index, value);
        case "Add", "Sub", "Mul", "Div" -> foldAffine(index, value);
        case "BatchNormalization" -> foldBatchNorm(index, value);
        case "LayerNormalization" -> layerNormalization(index, value);
        case "Softmax" -> softmax(index);
        case "Identity", "Flatten" -> {}
        case "Reshape" -> reshape(index);
        case "Dropout" -> checkUnusedExtraOutputs(index);
        case "Transpose" ->
            throw new WeightFileException(Message.ONNX_DATA_TRANSPOSE, graph.describe(index));
        default -> throw new WeightFileException(Message.ONNX_MISPLACED, graph.describe(index));
      }
      value = node.outputs().get(0);
    }
  }

  /** Whether {@code value}'s single user begins an element-wise activation rather than folding. */
  private boolean isActivationStart(int index, String value) {
    Node node = graph.node(index);
    if (!CheckedGraph.ELEMENTWISE.contains(node.opType())
        || CheckedGraph.PASS_THROUGH.contains(node.opType())) {
      return false;
    }
    return !(isConstantAffine(node, value) && pending != null && !pending.hasActivation());
  }

  /**
   * Whether node {@code index}, the single reader of {@code value}, is constant arithmetic that
   * waits for the next layer: no layer's linear part is open to take it.
   */
  private boolean waitsForNextLayer(int index, String value) {
    return (pending == null || pending.hasActivation())
        && isConstantAffine(graph.node(index), value);
  }

  /**
   * Whether {@code node} adds, subtracts, multiplies or divides {@code value} and a constant:
   * affine in {@code value}, which {@code Div(c, x)} is not.
   */
  private boolean isConstantAffine(Node node, String value) {
    if (!Set.of("Add", "Sub", "Mul", "Div").contains(node.opType())) {
      return false;
    }
    String other = otherOperand(node, value);
    return other != null
        && !other.equals(value)
        && graph.isConstant(other)
        && !(node.opType().equals("Div") && node.inputs().get(1).equals(value));
  }

  /** Requires a layer to apply an activation (node {@code index}) to, with nothing waiting. */
  private void requireActivatable(int index) throws WeightFileException {
    if (!waiting.isEmpty()) {
      throw new WeightFileException(
          Message.ONNX_AFFINE_NOT_FOLDABLE, waiting.nodes(), graph.describe(index));
    }
    if (pending == null) {
      throw new WeightFileException(Message.ONNX_BRANCH_BEFORE_LAYER, graph.describe(index));
    }
  }

  /** Follows the activation subgraph at {@code value} and adds its activation to the layer. */
  private String activation(String value, List<Integer> users) throws WeightFileException {
    if (pending == null || !waiting.isEmpty()) {
      String applied = users.stream().map(graph::describe).collect(Collectors.joining(", "));
      throw pending == null
          ? new WeightFileException(Message.ONNX_BRANCH_BEFORE_LAYER, applied)
          : new WeightFileException(Message.ONNX_AFFINE_NOT_FOLDABLE, waiting.nodes(), applied);
    }
    ActivationSubgraph subgraph = ActivationSubgraph.follow(graph, value, users, pending.source);
    visited.addAll(subgraph.region());
    pending.activate(subgraph.activation().kind(), subgraph.activation().alpha());
    return subgraph.exit();
  }

  private static String otherOperand(Node node, String value) {
    if (node.inputs().size() != 2) {
      return null;
    }
    return node.inputs().get(0).equals(value) ? node.inputs().get(1) : node.inputs().get(0);
  }

  private void checkSingleDataInput(int index, String value) throws WeightFileException {
    for (String input : graph.node(index).inputs()) {
      if (!input.isEmpty() && !input.equals(value) && !graph.isConstant(input)) {
        throw new WeightFileException(
            Message.ONNX_SECOND_DATA_INPUT, graph.describe(index), value, input);
      }
    }
  }

  private void checkUnusedExtraOutputs(int index) throws WeightFileException {
    List<String> outs = graph.node(index).outputs();
    for (int k = 1; k < outs.size(); k++) {
      if (graph.isRead(outs.get(k)) || graph.isGraphOutput(outs.get(k))) {
        throw new WeightFileException(
            Message.ONNX_EXTRA_OUTPUT_USED, graph.describe(index), k, outs.get(k));
      }
    }
  }

  private void startLayer(
      int index, int in, int out, double[] weights, double[] bias, QuantizedWeights quantized)
      throws WeightFileException {
    if (reshapedFeatures >= 0 && reshapedFeatures != in) {
      throw new WeightFileException(
          Message.ONNX_RESHAPE_BEFORE_LAYER,
          reshapeSource,
          reshapedFeatures,
          graph.describe(index),
          in);
    }
    reshapedFeatures = -1;
    finishLayer();
    int expected = layers.isEmpty() ? in : layers.get(layers.size() - 1).out();
    if (in != expected) {
      throw new WeightFileException(
          Message.ONNX_LAYER_CHAIN,
          graph.describe(index),
          in,
          layers.get(layers.size() - 1).source(),
          expected);
    }
    pending = new PendingLayer(graph.describe(index), in, out, weights, bias);
    pending.quantized(quantized);
    if (!waiting.isEmpty()) {
      notes.add(waiting.foldInto(pending, "layer " + (layers.size() + 1) + " (" + pending.source + ")"));
    }
  }

  private void finishLayer() {
    if (pending != null) {
      layers.add(pending.finish());
      pending = null;
    }
  }

  private TensorData constantInput(int index, int position, String role)
      throws WeightFileException {
    Node node = graph.node(index);
    String name = position < node.inputs().size() ? node.inputs().get(position) : "";
    TensorData tensor = graph.constant(name);
    if (tensor == null) {
      throw new WeightFileException(Message.ONNX_NOT_CONSTANT, graph.describe(index), role, name);
    }
    return tensor;
  }

  private void gemm(int index, String value) throws WeightFileException {
    Node node = graph.node(index);
    if (!node.inputs().get(0).equals(value)) {
      throw new WeightFileException(Message.ONNX_GEMM_DATA, graph.describe(index));
    }
    if (node.intAttribute("transA", 0) != 0) {
      throw new WeightFileException(Message.ONNX_GEMM_TRANS_A, graph.describe(index));
    }
    boolean transB = node.intAttribute("transB", 0) != 0;
    double alpha = node.floatAttribute("alpha", 1.0);
    double beta = node.floatAttribute("beta", 1.0);
    TensorData b = constantInput(index, 1, "weight B");
    long[] dims = matrixDims(index, b);
    int out = (int) (transB ? dims[0] : dims[1]);
    int in = (int) (transB ? dims[1] : dims[0]);
    double[] weights = PendingLayer.layout(b.values(), in, out, transB);
    for (int k = 0; k < weights.length; k++) {
      weights[k] *= alpha;
    }
    double[] bias = new double[out];
    biasGiven = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty();
    if (biasGiven) {
      double[] c = broadcast(index, constantInput(index, 2, "bias C"), out);
      for (int i = 0; i < out; i++) {
        bias[i] = beta * c[i];
      }
    }
    Dequantization.Quantized quantized = graph.quantized(node.inputs().get(1));
    startLayer(
        index, in, out, weights, bias,
        quantized == null ? null : quantized.forLayer(in, out, transB, alpha));
  }

  private void matMul(int index, String value) throws WeightFileException {
    Node node = graph.node(index);
    if (!node.inputs().get(0).equals(value)) {
      throw new WeightFileException(Message.ONNX_MATMUL_DATA, graph.describe(index));
    }
    TensorData w = constantInput(index, 1, "weight");
    long[] dims = matrixDims(index, w);
    int in = (int) dims[0];
    int out = (int) dims[1];
    biasGiven = false;
    Dequantization.Quantized quantized = graph.quantized(node.inputs().get(1));
    startLayer(
        index, in, out, PendingLayer.layout(w.values(), in, out, false), new double[out],
        quantized == null ? null : quantized.forLayer(in, out, false, 1));
  }

  private long[] matrixDims(int index, TensorData tensor) throws WeightFileException {
    long[] dims = tensor.dims();
    if (dims.length != 2 || dims[0] < 1 || dims[1] < 1) {
      throw new WeightFileException(
          Message.ONNX_WEIGHT_SHAPE, graph.describe(index), tensor.name(), Arrays.toString(dims));
    }
    return dims;
  }

  /** {@code tensor} as {@code size} per-output values: a scalar, [size] or [1, size]. */
  private double[] broadcast(int index, TensorData tensor, int size) throws WeightFileException {
    double[] values = tensor.values();
    long[] dims = tensor.dims();
    if (values.length == 1) {
      double[] filled = new double[size];
      Arrays.fill(filled, values[0]);
      return filled;
    }
    boolean vector = dims.length >= 1 && dims[dims.length - 1] == size && values.length == size;
    if (!vector) {
      throw new WeightFileException(
          Message.ONNX_PER_OUTPUT_SHAPE,
          graph.describe(index),
          tensor.name(),
          Arrays.toString(dims),
          size);
    }
    return values;
  }

  private PendingLayer requireLinear(int index) throws WeightFileException {
    if (pending == null) {
      throw new WeightFileException(Message.ONNX_BEFORE_FIRST_LAYER, graph.describe(index));
    }
    if (pending.hasActivation()) {
      throw new WeightFileException(
          Message.ONNX_AFTER_ACTIVATION,
          graph.describe(index),
          pending.lastActivation(),
          pending.source);
    }
    return pending;
  }

  private void foldAffine(int index, String value) throws WeightFileException {
    PendingLayer layer = requireLinear(index);
    Node node = graph.node(index);
    boolean dataFirst = node.inputs().get(0).equals(value);
    TensorData constant = graph.constant(otherOperand(node, value));
    double[] c = broadcast(index, constant, layer.out);
    layer.foldAffine(node.opType(), dataFirst, c);
    if (layer.isLayerNorm()) {
      return; // gamma and beta written out as Mul and Add: the LayerNorm's own parameters
    }
    if (node.opType().equals("Add") && !biasGiven) {
      biasGiven = true; // MatMul + Add: the layer's bias, nothing to tell
    } else {
      notes.add(
          Problem.of(Message.ONNX_FOLDED_OUTPUT, graph.describe(index), layer.source));
    }
  }

  private void foldBatchNorm(int index, String value) throws WeightFileException {
    PendingLayer layer = requireLinear(index);
    Node node = graph.node(index);
    if (!node.inputs().get(0).equals(value)) {
      throw new WeightFileException(Message.ONNX_BATCH_NORM_DATA, graph.describe(index));
    }
    if (node.intAttribute("training_mode", 0) != 0) {
      throw new WeightFileException(Message.ONNX_BATCH_NORM_TRAINING, graph.describe(index));
    }
    checkUnusedExtraOutputs(index);
    layer.foldBatchNorm(
        node.floatAttribute("epsilon", 1e-5),
        broadcast(index, constantInput(index, 1, "scale"), layer.out),
        broadcast(index, constantInput(index, 2, "B"), layer.out),
        broadcast(index, constantInput(index, 3, "input_mean"), layer.out),
        broadcast(index, constantInput(index, 4, "input_var"), layer.out));
  }

  /**
   * ONNX's {@code LayerNormalization} (opset 17) over the last axis: scale and (optional) bias
   * constants, one per feature.
   */
  private void layerNormalization(int index, String value) throws WeightFileException {
    Node node = graph.node(index);
    if (!node.inputs().get(0).equals(value)) {
      throw new WeightFileException(Message.ONNX_BATCH_NORM_DATA, graph.describe(index));
    }
    long axis = node.intAttribute("axis", -1);
    if (axis != -1 && axis != 1) {
      throw new WeightFileException(Message.ONNX_LAYER_NORM_AXIS, graph.describe(index), axis);
    }
    checkUnusedExtraOutputs(index);
    int features = requireNormalisable(index);
    double[] gamma = broadcast(index, constantInput(index, 1, "scale"), features);
    boolean hasBias = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty();
    double[] beta = hasBias ? broadcast(index, constantInput(index, 2, "B"), features) : new double[features];
    startLayerNorm(Set.of(index), graph.describe(index), node.floatAttribute("epsilon", 1e-5), gamma, beta);
  }

  /** The features a LayerNorm at node {@code index} normalises: those of the layer before it. */
  private int requireNormalisable(int index) throws WeightFileException {
    if (pending == null) {
      throw new WeightFileException(Message.ONNX_BEFORE_FIRST_LAYER, graph.describe(index));
    }
    return pending.out;
  }

  /**
   * Ends the layer before and starts a LayerNorm over its outputs: gamma and beta given, or (null)
   * 1 and 0 for the Mul and Add that follow a LayerNorm written out.
   */
  private void startLayerNorm(Set<Integer> nodes, String source, double epsilon, double[] gamma, double[] beta)
      throws WeightFileException {
    int features = requireNormalisable(nodes.iterator().next());
    if (!waiting.isEmpty()) {
      throw new WeightFileException(Message.ONNX_AFFINE_NOT_FOLDABLE, waiting.nodes(), source);
    }
    visited.addAll(nodes);
    double[] scale = gamma != null ? gamma : new double[features];
    if (gamma == null) {
      Arrays.fill(scale, 1.0);
    }
    finishLayer();
    pending = PendingLayer.layerNorm(source, features, scale, beta != null ? beta : new double[features], epsilon);
    biasGiven = true;
  }

  private void softmax(int index) throws WeightFileException {
    requireActivatable(index);
    PendingLayer layer = pending;
    long opset = graph.model().defaultOpset();
    long defaultAxis = opset >= 13 || opset == 0 ? -1 : 1;
    long axis = graph.node(index).intAttribute("axis", defaultAxis);
    if (axis != -1 && axis != 1) {
      throw new WeightFileException(Message.ONNX_SOFTMAX_AXIS, graph.describe(index), axis);
    }
    layer.activate(Kind.SOFTMAX, 0);
  }

  /**
   * A Reshape on the data path to {@code [batch, n]} or {@code [n]}: each sample stays a flat
   * vector, so only {@code n} is checked, against the layer before or after it.
   */
  private void reshape(int index) throws WeightFileException {
    TensorData target = constantInput(index, 1, "shape");
    double[] dims = target.values();
    if (dims.length < 1 || dims.length > 2) {
      throw new WeightFileException(
          Message.ONNX_RESHAPE_RANK, graph.describe(index), dims.length);
    }
    long last = (long) dims[dims.length - 1];
    if (last <= 0) {
      return; // -1 (infer) or 0 (copy): the flat vector keeps its length
    }
    int features = layers.isEmpty() && pending == null ? -1 : currentFeatures();
    if (features >= 0 && features != last) {
      throw new WeightFileException(
          Message.ONNX_RESHAPE_FEATURES, graph.describe(index), features, last);
    }
    reshapedFeatures = (int) last;
    reshapeSource = graph.describe(index);
  }

  private int currentFeatures() {
    return pending != null ? pending.out : layers.get(layers.size() - 1).out();
  }
}
