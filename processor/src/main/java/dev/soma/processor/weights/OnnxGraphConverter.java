package dev.soma.processor.weights;

import dev.soma.Activation.Kind;
import dev.soma.processor.weights.ActivationRecognizer.Recognized;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns an ONNX graph into the dense layers it computes, following the single data path from the
 * graph's one input to its one output.
 *
 * <p>A layer starts at {@code Gemm} (with {@code transB}, {@code alpha} and {@code beta}) or
 * {@code MatMul}. Until its activation, {@code Add}, {@code Sub}, {@code Mul} and {@code Div} by
 * constants and {@code BatchNormalization} are folded into its weights and bias. Its activation is
 * {@code Relu}, {@code LeakyRelu}, {@code Sigmoid}, {@code Tanh}, {@code Gelu}, {@code Softmax}
 * (last axis) or any element-wise subgraph that computes a supported activation (exporters' erf
 * GELU, tanh GELU and x * sigmoid(x)). {@code Identity}, {@code Dropout}, {@code Flatten} and
 * {@code Reshape} to {@code [batch, n]} pass data through; {@code Transpose} of a constant weight is
 * folded. Anything else is an error naming it.
 *
 * <p>Before walking, the graph is checked: every operator supported (all unsupported ones are named
 * at once), input counts, every input provided, no value produced twice, no cycle (Kahn's
 * algorithm, so a cyclic graph fails instead of hanging).
 */
public final class OnnxGraphConverter {
  /** Operators that pass a sample's features through unchanged. */
  private static final Set<String> PASS_THROUGH = Set.of("Identity", "Dropout", "Flatten");

  /** Element-wise operators an activation subgraph may use (with scalar constants). */
  private static final Set<String> ELEMENTWISE =
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
  private static final Set<String> SUPPORTED = supported();

  private static Set<String> supported() {
    Set<String> ops = new TreeSet<>(ELEMENTWISE);
    ops.addAll(PASS_THROUGH);
    ops.addAll(
        List.of(
            "Gemm", "MatMul", "BatchNormalization", "Softmax", "Constant", "Reshape", "Transpose"));
    return ops;
  }

  private final OnnxModel model;
  private final Graph graph;
  private final Map<String, Integer> producers = new HashMap<>();
  private final Map<String, List<Integer>> consumers = new HashMap<>();
  private final Map<String, TensorData> constants = new HashMap<>();
  private final Set<Integer> visited = new HashSet<>();
  private final List<ImportedLayer> layers = new ArrayList<>();
  private Pending pending;
  private int reshapedFeatures = -1;
  private String reshapeSource = "";

  private OnnxGraphConverter(OnnxModel model) {
    this.model = model;
    this.graph = model.graph();
  }

  /** Parses {@code onnx} as a {@code ModelProto} and converts its graph. */
  public static ImportedNetwork convert(byte[] onnx) throws WeightFileException {
    return convert(OnnxModelParser.parse(onnx));
  }

  static ImportedNetwork convert(OnnxModel model) throws WeightFileException {
    return new OnnxGraphConverter(model).run();
  }

  private ImportedNetwork run() throws WeightFileException {
    checkOperators();
    indexValues();
    checkAcyclic();
    foldConstantTransposes();
    String input = dataInput();
    String output = dataOutput();
    String value = walk(input);
    if (!value.equals(output)) {
      throw new WeightFileException(
          "the data path ends at '" + value + "', not at the graph output '" + output + "'");
    }
    if (pending != null) {
      checkReshapedFeatures(pending.out, "the output has " + pending.out + " features");
    }
    finishLayer();
    checkEveryDataNodeVisited(input);
    if (layers.isEmpty()) {
      throw new WeightFileException("the graph has no Gemm or MatMul: no dense layer to import");
    }
    int inputSize = layers.get(0).in();
    checkDeclaredInputSize(inputSize);
    return new ImportedNetwork(inputSize, layers);
  }

  // ------------------------------------------------------------------ structure checks

  private void checkOperators() throws WeightFileException {
    Set<String> unsupported = new TreeSet<>();
    for (Node node : graph.nodes()) {
      if (!node.isDefaultDomain()) {
        unsupported.add(node.domain() + ":" + node.opType());
      } else if (!SUPPORTED.contains(node.opType())) {
        unsupported.add(node.opType());
      }
    }
    if (!unsupported.isEmpty()) {
      throw new WeightFileException(
          "unsupported ONNX operator"
              + (unsupported.size() > 1 ? "s " : " ")
              + String.join(", ", unsupported)
              + "; Soma supports "
              + String.join(", ", SUPPORTED));
    }
  }

  private void indexValues() throws WeightFileException {
    constants.putAll(graph.initializers());
    List<Node> nodes = graph.nodes();
    for (int index = 0; index < nodes.size(); index++) {
      Node node = nodes.get(index);
      if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
        throw new WeightFileException(node.describe(index) + " has no output");
      }
      checkArity(node, index);
      for (String output : node.outputs()) {
        if (output.isEmpty()) {
          continue;
        }
        Integer earlier = producers.put(output, index);
        if (earlier != null || graph.initializers().containsKey(output)) {
          throw new WeightFileException(
              "value '"
                  + output
                  + "' is produced twice (by "
                  + node.describe(index)
                  + (earlier != null
                      ? " and " + nodes.get(earlier).describe(earlier)
                      : " and an initializer")
                  + ")");
        }
      }
      for (String input : node.inputs()) {
        if (!input.isEmpty()) {
          consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(index);
        }
      }
      if (node.opType().equals("Constant")) {
        constants.put(node.outputs().get(0), constantValue(node, index));
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
          throw new WeightFileException(
              node.describe(index)
                  + " reads '"
                  + input
                  + "', which no node, initializer or graph input provides");
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
          case "Dropout" -> new int[] {1, 3};
          default -> new int[] {1, 1};
        };
    int count = node.inputs().size();
    if (count < range[0] || count > range[1] || (count > 0 && node.inputs().get(0).isEmpty())) {
      throw new WeightFileException(
          node.describe(index)
              + " has "
              + count
              + " input"
              + (count == 1 ? "" : "s")
              + (count > 0 && node.inputs().get(0).isEmpty() ? " (the first one empty)" : "")
              + "; expected "
              + (range[0] == range[1] ? range[0] : range[0] + " to " + range[1]));
    }
  }

  private TensorData constantValue(Node node, int index) throws WeightFileException {
    var attributes = node.attributes();
    if (node.outputs().size() != 1 || attributes.size() != 1) {
      throw new WeightFileException(
          node.describe(index) + " must have one output and one value attribute");
    }
    OnnxModel.Attribute a = attributes.values().iterator().next();
    String name = node.outputs().get(0);
    return switch (a.name()) {
      case "value" -> {
        if (a.t() == null) {
          throw new WeightFileException(
              node.describe(index) + ": attribute 'value' holds no tensor");
        }
        yield a.t();
      }
      case "value_float" -> scalar(name, a.f());
      case "value_int" -> scalar(name, a.i());
      case "value_floats" ->
          new TensorData(
              name, TensorData.DOUBLE, new long[] {a.floats().length}, null, a.floats(), false);
      default ->
          throw new WeightFileException(
              node.describe(index)
                  + " has attribute '"
                  + a.name()
                  + "'; Soma reads value, value_float, value_int and value_floats");
    };
  }

  private static TensorData scalar(String name, double value) {
    return new TensorData(name, TensorData.DOUBLE, new long[0], null, new double[] {value}, false);
  }

  /** Kahn's algorithm over the nodes; whatever remains lies on or behind a cycle. */
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
    int done = 0;
    while (!ready.isEmpty()) {
      int index = ready.poll();
      done++;
      for (String output : nodes.get(index).outputs()) {
        for (int consumer : consumers.getOrDefault(output, List.of())) {
          // A node reading the same value twice counted it twice; resolve each use.
          if (--unresolved[consumer] == 0) {
            ready.add(consumer);
          }
        }
      }
    }
    if (done < nodes.size()) {
      List<String> cyclic = new ArrayList<>();
      for (int index = 0; index < nodes.size(); index++) {
        if (unresolved[index] > 0) {
          cyclic.add(nodes.get(index).describe(index));
        }
      }
      throw new WeightFileException("the graph has a cycle through " + String.join(", ", cyclic));
    }
  }

  private String dataInput() throws WeightFileException {
    List<String> inputs = new ArrayList<>();
    for (ValueInfo info : graph.inputs()) {
      if (!constants.containsKey(info.name())) {
        inputs.add(info.name());
      }
    }
    if (inputs.size() != 1) {
      throw new WeightFileException(
          "the graph has "
              + inputs.size()
              + " data inputs "
              + inputs
              + " (graph inputs that are not initializers); a Soma network takes exactly one");
    }
    return inputs.get(0);
  }

  private String dataOutput() throws WeightFileException {
    if (graph.outputs().size() != 1) {
      throw new WeightFileException(
          "the graph has "
              + graph.outputs().size()
              + " outputs "
              + graph.outputs().stream().map(ValueInfo::name).toList()
              + "; a Soma network has exactly one");
    }
    return graph.outputs().get(0).name();
  }

  private void checkEveryDataNodeVisited(String input) throws WeightFileException {
    Set<String> dynamic = new HashSet<>(Set.of(input));
    List<Node> nodes = graph.nodes();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Node node : nodes) {
        if (node.inputs().stream().anyMatch(dynamic::contains)) {
          for (String output : node.outputs()) {
            grew |= !output.isEmpty() && dynamic.add(output);
          }
        }
      }
    }
    List<String> stray = new ArrayList<>();
    for (int index = 0; index < nodes.size(); index++) {
      if (!visited.contains(index)
          && nodes.get(index).inputs().stream().anyMatch(dynamic::contains)) {
        stray.add(nodes.get(index).describe(index));
      }
    }
    if (!stray.isEmpty()) {
      throw new WeightFileException(
          "the graph branches: "
              + String.join(", ", stray)
              + " lie off the single path from input to output");
    }
  }

  private void checkDeclaredInputSize(int inputSize) throws WeightFileException {
    ValueInfo input =
        graph.inputs().stream()
            .filter(info -> !constants.containsKey(info.name()))
            .findFirst()
            .orElseThrow();
    long[] dims = input.dims();
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
          "graph input '"
              + input.name()
              + "' has shape "
              + Arrays.toString(dims)
              + " ("
              + features
              + " features), but the first layer takes "
              + inputSize
              + " inputs");
    }
  }

  // ------------------------------------------------------------------ the data path

  /** A layer being assembled: weights row-major out x in, bias, and its activation once known. */
  private static final class Pending {
    final String source;
    final int in;
    final int out;
    final double[] weights;
    final double[] bias;
    Kind activation;
    double alpha;

    Pending(String source, int in, int out, double[] weights, double[] bias) {
      this.source = source;
      this.in = in;
      this.out = out;
      this.weights = weights;
      this.bias = bias;
    }
  }

  private String walk(String value) throws WeightFileException {
    Set<String> outputs = new HashSet<>();
    graph.outputs().forEach(info -> outputs.add(info.name()));
    while (true) {
      List<Integer> users = consumers.getOrDefault(value, List.of());
      if (users.isEmpty()) {
        return value;
      }
      if (outputs.contains(value)) {
        throw new WeightFileException(
            "value '"
                + value
                + "' is a graph output and also feeds "
                + describe(users.get(0))
                + "; the graph must end at its output");
      }
      if (users.size() > 1 || isActivationStart(users.get(0), value)) {
        value = activationSubgraph(value, users);
        continue;
      }
      int index = users.get(0);
      Node node = graph.nodes().get(index);
      checkSingleDataInput(index, value);
      visited.add(index);
      switch (node.opType()) {
        case "Gemm" -> gemm(index, value);
        case "MatMul" -> matMul(index, value);
        case "Add", "Sub", "Mul", "Div" -> foldAffine(index, value);
        case "BatchNormalization" -> foldBatchNorm(index, value);
        case "Softmax" -> softmax(index);
        case "Identity", "Flatten" -> {}
        case "Reshape" -> reshape(index);
        case "Dropout" -> checkUnusedExtraOutputs(index);
        case "Transpose" ->
            throw new WeightFileException(
                describe(index)
                    + " transposes the data; Soma folds Transpose only on constant weights");
        default -> throw new WeightFileException(describe(index) + " cannot appear here");
      }
      value = node.outputs().get(0);
    }
  }

  /** Whether {@code value}'s single user begins an element-wise activation rather than folding. */
  private boolean isActivationStart(int index, String value) throws WeightFileException {
    Node node = graph.nodes().get(index);
    if (!ELEMENTWISE.contains(node.opType()) || PASS_THROUGH.contains(node.opType())) {
      return false;
    }
    boolean affine = Set.of("Add", "Sub", "Mul", "Div").contains(node.opType());
    if (affine && pending != null && pending.activation == null) {
      // Folds into the layer when the other operand is a constant, unless it is Div(c, x).
      String other = otherOperand(node, value);
      return other == null
          || !constants.containsKey(other)
          || (node.opType().equals("Div") && node.inputs().get(1).equals(value));
    }
    return true;
  }

  private static String otherOperand(Node node, String value) {
    if (node.inputs().size() != 2) {
      return null;
    }
    return node.inputs().get(0).equals(value) ? node.inputs().get(1) : node.inputs().get(0);
  }

  private void checkSingleDataInput(int index, String value) throws WeightFileException {
    Node node = graph.nodes().get(index);
    for (String input : node.inputs()) {
      if (!input.isEmpty() && !input.equals(value) && !constants.containsKey(input)) {
        throw new WeightFileException(
            describe(index)
                + " combines '"
                + value
                + "' with '"
                + input
                + "', which is not a constant; Soma imports a single chain of layers");
      }
    }
  }

  private void checkUnusedExtraOutputs(int index) throws WeightFileException {
    List<String> outs = graph.nodes().get(index).outputs();
    for (int k = 1; k < outs.size(); k++) {
      if (consumers.containsKey(outs.get(k)) || isGraphOutput(outs.get(k))) {
        throw new WeightFileException(
            describe(index)
                + " output "
                + k
                + " ('"
                + outs.get(k)
                + "') is used; only the first output may be");
      }
    }
  }

  private boolean isGraphOutput(String value) {
    return graph.outputs().stream().anyMatch(info -> info.name().equals(value));
  }

  private String describe(int index) {
    return graph.nodes().get(index).describe(index);
  }

  private void startLayer(int index, int in, int out, double[] weights, double[] bias)
      throws WeightFileException {
    checkReshapedFeatures(in, describe(index) + " takes " + in + " inputs");
    finishLayer();
    int expected = layers.isEmpty() ? in : layers.get(layers.size() - 1).out();
    if (in != expected) {
      throw new WeightFileException(
          describe(index)
              + " takes "
              + in
              + " inputs, but the previous layer ("
              + layers.get(layers.size() - 1).source()
              + ") gives "
              + expected);
    }
    pending = new Pending(describe(index), in, out, weights, bias);
  }

  private void finishLayer() {
    if (pending != null) {
      Kind kind = pending.activation == null ? Kind.IDENTITY : pending.activation;
      layers.add(
          new ImportedLayer(
              pending.source,
              pending.in,
              pending.out,
              pending.weights,
              pending.bias,
              kind,
              pending.alpha));
      pending = null;
    }
  }

  private TensorData constantInput(int index, int position, String role)
      throws WeightFileException {
    Node node = graph.nodes().get(index);
    String name = position < node.inputs().size() ? node.inputs().get(position) : "";
    TensorData tensor = constants.get(name);
    if (tensor == null) {
      throw new WeightFileException(
          describe(index) + ": " + role + " '" + name + "' must be an initializer or a Constant");
    }
    return tensor;
  }

  private void gemm(int index, String value) throws WeightFileException {
    Node node = graph.nodes().get(index);
    if (!node.inputs().get(0).equals(value)) {
      throw new WeightFileException(
          describe(index) + ": the data must be input A (the first input)");
    }
    if (node.intAttribute("transA", 0) != 0) {
      throw new WeightFileException(
          describe(index) + ": transA = 1 is not supported; the data must be [batch, in]");
    }
    boolean transB = node.intAttribute("transB", 0) != 0;
    double alpha = node.floatAttribute("alpha", 1.0);
    double beta = node.floatAttribute("beta", 1.0);
    TensorData b = constantInput(index, 1, "weight B");
    long[] dims = matrixDims(index, b);
    int out = (int) (transB ? dims[0] : dims[1]);
    int in = (int) (transB ? dims[1] : dims[0]);
    double[] weights = layout(b.values(), in, out, transB);
    for (int k = 0; k < weights.length; k++) {
      weights[k] *= alpha;
    }
    double[] bias = new double[out];
    if (node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()) {
      double[] c = broadcast(index, constantInput(index, 2, "bias C"), out);
      for (int i = 0; i < out; i++) {
        bias[i] = beta * c[i];
      }
    }
    startLayer(index, in, out, weights, bias);
  }

  private void matMul(int index, String value) throws WeightFileException {
    Node node = graph.nodes().get(index);
    if (!node.inputs().get(0).equals(value)) {
      throw new WeightFileException(
          describe(index) + ": the data must be the first input (x @ W with W of shape [in, out])");
    }
    TensorData w = constantInput(index, 1, "weight");
    long[] dims = matrixDims(index, w);
    int in = (int) dims[0];
    int out = (int) dims[1];
    startLayer(index, in, out, layout(w.values(), in, out, false), new double[out]);
  }

  private long[] matrixDims(int index, TensorData tensor) throws WeightFileException {
    long[] dims = tensor.dims();
    if (dims.length != 2 || dims[0] < 1 || dims[1] < 1) {
      throw new WeightFileException(
          describe(index)
              + ": weight '"
              + tensor.name()
              + "' has shape "
              + Arrays.toString(dims)
              + "; expected a matrix with no zero dimension");
    }
    return dims;
  }

  /**
   * Row-major out x in weights from {@code values}, which are [out, in] if transposed, else [in,
   * out].
   */
  private static double[] layout(double[] values, int in, int out, boolean outByIn) {
    if (outByIn) {
      return values;
    }
    double[] weights = new double[in * out];
    for (int j = 0; j < in; j++) {
      for (int i = 0; i < out; i++) {
        weights[i * in + j] = values[j * out + i];
      }
    }
    return weights;
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
          describe(index)
              + ": constant '"
              + tensor.name()
              + "' has shape "
              + Arrays.toString(dims)
              + "; expected a scalar or ["
              + size
              + "] to apply per output");
    }
    return values;
  }

  private Pending requireLinear(int index) throws WeightFileException {
    if (pending == null) {
      throw new WeightFileException(
          describe(index)
              + " comes before the first Gemm or MatMul; Soma imports layers that start with one");
    }
    if (pending.activation != null) {
      throw new WeightFileException(
          describe(index)
              + " follows the "
              + pending.activation
              + " activation of "
              + pending.source
              + "; a dense layer has one activation, applied last");
    }
    return pending;
  }

  private void foldAffine(int index, String value) throws WeightFileException {
    Pending layer = requireLinear(index);
    Node node = graph.nodes().get(index);
    boolean dataFirst = node.inputs().get(0).equals(value);
    double[] c = broadcast(index, constants.get(otherOperand(node, value)), layer.out);
    for (int i = 0; i < layer.out; i++) {
      switch (node.opType()) {
        case "Add" -> layer.bias[i] += c[i];
        case "Sub" -> {
          if (dataFirst) {
            layer.bias[i] -= c[i];
          } else {
            scaleRow(layer, i, -1);
            layer.bias[i] += c[i];
          }
        }
        case "Mul" -> scaleRow(layer, i, c[i]);
        default -> scaleRow(layer, i, 1 / c[i]); // Div(x, c); Div(c, x) is not affine
      }
    }
  }

  private static void scaleRow(Pending layer, int row, double factor) {
    for (int j = 0; j < layer.in; j++) {
      layer.weights[row * layer.in + j] *= factor;
    }
    layer.bias[row] *= factor;
  }

  private void foldBatchNorm(int index, String value) throws WeightFileException {
    Pending layer = requireLinear(index);
    Node node = graph.nodes().get(index);
    if (!node.inputs().get(0).equals(value)) {
      throw new WeightFileException(describe(index) + ": the data must be input X");
    }
    if (node.intAttribute("training_mode", 0) != 0) {
      throw new WeightFileException(
          describe(index) + ": training_mode = 1; export the model in eval mode");
    }
    checkUnusedExtraOutputs(index);
    double epsilon = node.floatAttribute("epsilon", 1e-5);
    double[] scale = broadcast(index, constantInput(index, 1, "scale"), layer.out);
    double[] shift = broadcast(index, constantInput(index, 2, "B"), layer.out);
    double[] mean = broadcast(index, constantInput(index, 3, "input_mean"), layer.out);
    double[] variance = broadcast(index, constantInput(index, 4, "input_var"), layer.out);
    for (int i = 0; i < layer.out; i++) {
      double s = scale[i] / Math.sqrt(variance[i] + epsilon);
      layer.bias[i] -= mean[i];
      scaleRow(layer, i, s);
      layer.bias[i] += shift[i];
    }
  }

  private void softmax(int index) throws WeightFileException {
    Pending layer = requireLinear(index);
    long defaultAxis = model.defaultOpset() >= 13 || model.defaultOpset() == 0 ? -1 : 1;
    long axis = graph.nodes().get(index).intAttribute("axis", defaultAxis);
    if (axis != -1 && axis != 1) {
      throw new WeightFileException(
          describe(index)
              + ": axis = "
              + axis
              + "; Soma applies softmax over the features (axis -1 or 1)");
    }
    layer.activation = Kind.SOFTMAX;
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
          describe(index)
              + " reshapes to rank "
              + dims.length
              + "; Soma keeps each sample a flat vector ([batch, n] or [n])");
    }
    long last = (long) dims[dims.length - 1];
    if (last <= 0) {
      return; // -1 (infer) or 0 (copy): the flat vector keeps its length
    }
    int features = layers.isEmpty() && pending == null ? -1 : currentFeatures();
    if (features >= 0 && features != last) {
      throw new WeightFileException(
          describe(index) + " reshapes " + features + " features to " + last);
    }
    reshapedFeatures = (int) last;
    reshapeSource = describe(index);
  }

  private int currentFeatures() {
    return pending != null ? pending.out : layers.get(layers.size() - 1).out();
  }

  private void checkReshapedFeatures(int features, String what) throws WeightFileException {
    if (reshapedFeatures >= 0 && reshapedFeatures != features) {
      throw new WeightFileException(
          reshapeSource + " gives " + reshapedFeatures + " features, but " + what);
    }
    reshapedFeatures = -1;
  }

  /** Replaces 2-D Transpose (and Identity) of constants by their results, until none is left. */
  private void foldConstantTransposes() throws WeightFileException {
    List<Node> nodes = graph.nodes();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int index = 0; index < nodes.size(); index++) {
        Node node = nodes.get(index);
        String output = node.outputs().get(0);
        boolean foldable = node.opType().equals("Transpose") || node.opType().equals("Identity");
        if (foldable
            && !constants.containsKey(output)
            && constants.containsKey(node.inputs().get(0))) {
          constants.put(output, transposed(index, constants.get(node.inputs().get(0)), output));
          changed = true;
        }
      }
    }
  }

  private TensorData transposed(int index, TensorData tensor, String output)
      throws WeightFileException {
    Node node = graph.nodes().get(index);
    long[] dims = tensor.dims();
    double[] values = tensor.values();
    if (node.opType().equals("Identity") || dims.length < 2) {
      return new TensorData(output, TensorData.DOUBLE, dims, null, values, false);
    }
    OnnxModel.Attribute perm = node.attributes().get("perm");
    if (dims.length != 2 || (perm != null && !Arrays.equals(perm.ints(), new long[] {1, 0}))) {
      throw new WeightFileException(
          describe(index)
              + " of constant '"
              + tensor.name()
              + "' with shape "
              + Arrays.toString(dims)
              + (perm == null ? "" : " and perm " + Arrays.toString(perm.ints()))
              + "; Soma folds only 2-D transposes");
    }
    int rows = (int) dims[0];
    int columns = (int) dims[1];
    double[] out = new double[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[c * rows + r] = values[r * columns + c];
      }
    }
    return new TensorData(output, TensorData.DOUBLE, new long[] {columns, rows}, null, out, false);
  }

  // ------------------------------------------------------------------ activation subgraphs

  /**
   * Collects the element-wise nodes reachable from {@code value} whose other operands are scalar
   * constants, requires that they end in one value, and names the activation they compute.
   */
  private String activationSubgraph(String value, List<Integer> users) throws WeightFileException {
    Pending layer = pending;
    if (layer == null || layer.activation != null) {
      String where =
          layer == null
              ? "before the first Gemm or MatMul"
              : "after the " + layer.activation + " activation of " + layer.source;
      throw new WeightFileException(
          "the graph branches or applies "
              + users.stream().map(this::describe).collect(Collectors.joining(", "))
              + " "
              + where
              + "; Soma imports one chain of dense layers with one activation each");
    }
    Set<Integer> region = new LinkedHashSet<>();
    Set<String> regionValues = new HashSet<>(Set.of(value));
    Deque<String> frontier = new ArrayDeque<>(List.of(value));
    while (!frontier.isEmpty()) {
      for (int index : consumers.getOrDefault(frontier.poll(), List.of())) {
        if (!region.contains(index) && isScalarElementwise(index, regionValues)) {
          region.add(index);
          for (String output : graph.nodes().get(index).outputs()) {
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
          isGraphOutput(v)
              || consumers.getOrDefault(v, List.of()).stream().anyMatch(c -> !region.contains(c));
      if (usedOutside) {
        exits.add(v);
      }
    }
    String ops =
        region.stream().map(i -> graph.nodes().get(i).opType()).collect(Collectors.joining(", "));
    if (region.isEmpty() || exits.size() != 1 || exits.get(0).equals(value)) {
      throw new WeightFileException(
          "after "
              + layer.source
              + " the graph branches ("
              + users.stream().map(this::describe).collect(Collectors.joining(", "))
              + " read '"
              + value
              + "'), and the element-wise part ["
              + ops
              + "] does not end in a single value;"
              + " Soma imports one chain of dense layers");
    }
    String exit = exits.get(0);
    List<Integer> ordered = topological(region, value);
    Recognized recognized = recognize(ordered, value, exit, ops);
    visited.addAll(region);
    if (recognized.kind() != Kind.IDENTITY) {
      layer.activation = recognized.kind();
      layer.alpha = recognized.alpha();
    }
    return exit;
  }

  private boolean isScalarElementwise(int index, Set<String> regionValues)
      throws WeightFileException {
    Node node = graph.nodes().get(index);
    if (!ELEMENTWISE.contains(node.opType()) || node.inputs().isEmpty()) {
      return false;
    }
    for (int k = 1; k < node.outputs().size(); k++) {
      String extra = node.outputs().get(k);
      if (consumers.containsKey(extra) || isGraphOutput(extra)) {
        return false; // only Dropout has a second output (its mask), and it must be unused
      }
    }
    for (int k = 0; k < node.inputs().size(); k++) {
      String input = node.inputs().get(k);
      if (input.isEmpty() || regionValues.contains(input)) {
        continue;
      }
      TensorData constant = constants.get(input);
      boolean dropoutParameter = node.opType().equals("Dropout") && k > 0;
      if (constant == null || (!dropoutParameter && constant.elementCount() != 1)) {
        return false;
      }
    }
    return true;
  }

  /** Orders region nodes so each comes after the producers of its inputs. */
  private List<Integer> topological(Set<Integer> region, String start) throws WeightFileException {
    List<Integer> ordered = new ArrayList<>();
    Set<String> known = new HashSet<>(Set.of(start));
    List<Integer> left = new ArrayList<>(region);
    while (!left.isEmpty()) {
      int before = left.size();
      for (var it = left.iterator(); it.hasNext(); ) {
        int index = it.next();
        Node node = graph.nodes().get(index);
        boolean ready =
            node.inputs().stream()
                .allMatch(in -> in.isEmpty() || known.contains(in) || constants.containsKey(in));
        if (ready) {
          ordered.add(index);
          known.addAll(node.outputs());
          it.remove();
        }
      }
      if (left.size() == before) {
        throw new WeightFileException("cannot order the element-wise nodes after '" + start + "'");
      }
    }
    return ordered;
  }

  private Recognized recognize(List<Integer> region, String start, String exit, String ops)
      throws WeightFileException {
    if (region.size() == 1) {
      Node node = graph.nodes().get(region.get(0));
      switch (node.opType()) {
        case "Relu" -> {
          return new Recognized(Kind.RELU, 0);
        }
        case "LeakyRelu" -> {
          return new Recognized(Kind.LEAKY_RELU, node.floatAttribute("alpha", 0.01));
        }
        case "Sigmoid" -> {
          return new Recognized(Kind.SIGMOID, 0);
        }
        case "Tanh" -> {
          return new Recognized(Kind.TANH, 0);
        }
        case "Gelu" -> {
          String approximate = node.stringAttribute("approximate", "none");
          if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new WeightFileException(
                describe(region.get(0)) + ": unknown approximate = \"" + approximate + "\"");
          }
          return new Recognized(approximate.equals("tanh") ? Kind.GELU_TANH : Kind.GELU, 0);
        }
        default -> {} // recognised by evaluation below
      }
    }
    Map<Integer, double[]> scalars = new HashMap<>();
    for (int index : region) {
      Node node = graph.nodes().get(index);
      double[] values = new double[node.inputs().size()];
      for (int k = 0; k < values.length; k++) {
        TensorData constant = constants.get(node.inputs().get(k));
        values[k] =
            constant == null || node.opType().equals("Dropout") ? Double.NaN : constant.values()[0];
      }
      scalars.put(index, values);
    }
    Optional<Recognized> recognized =
        ActivationRecognizer.recognize(x -> evaluate(region, scalars, start, exit, x));
    if (recognized.isEmpty()) {
      throw new WeightFileException(
          "the element-wise operators "
              + region.stream().map(this::describe).collect(Collectors.joining(", "))
              + " after "
              + pending.source
              + " compute no single activation Soma supports (IDENTITY, SIGMOID, TANH, RELU,"
              + " LEAKY_RELU, SWISH, GELU, GELU_TANH); a dense layer has one activation, applied"
              + " last");
    }
    return recognized.get();
  }

  private double evaluate(
      List<Integer> region, Map<Integer, double[]> scalars, String start, String exit, double x) {
    Map<String, Double> values = new HashMap<>();
    values.put(start, x);
    for (int index : region) {
      Node node = graph.nodes().get(index);
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

  private static double apply(Node node, double[] a) {
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
