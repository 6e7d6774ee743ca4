package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import java.util.Arrays;

/**
 * Evaluates the parts of an ONNX graph that depend on constants only: the value of a {@code
 * Constant} node, and {@code Transpose} (2-D) or {@code Identity} of a constant, which exporters
 * put in front of weights and which become constants themselves; {@code DequantizeLinear} of
 * constants in {@link Dequantization}.
 */
final class ConstantFolding {
  private ConstantFolding() {}

  /** The tensor a {@code Constant} node produces, from its one value attribute. */
  static TensorData constantValue(Node node, int index) throws WeightFileException {
    var attributes = node.attributes();
    if (node.outputs().size() != 1 || attributes.size() != 1) {
      throw new WeightFileException(Message.ONNX_CONSTANT_FORM, node.describe(index));
    }
    OnnxModel.Attribute a = attributes.values().iterator().next();
    String name = node.outputs().get(0);
    return switch (a.name()) {
      case "value" -> {
        if (a.t() == null) {
          throw new WeightFileException(Message.ONNX_CONSTANT_NO_TENSOR, node.describe(index));
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
              Message.ONNX_CONSTANT_ATTRIBUTE, node.describe(index), a.name());
    };
  }

  private static TensorData scalar(String name, double value) {
    return new TensorData(name, TensorData.DOUBLE, new long[0], null, new double[] {value}, false);
  }

  /**
   * Replaces every 2-D Transpose (and Identity) and every {@code DequantizeLinear} ({@link
   * Dequantization}) of constants by its result, chains included: one
   * pass in topological order, so an input is constant, if ever, before its reader is reached.
   */
  static void foldTransposes(CheckedGraph graph) throws WeightFileException {
    for (int index : graph.topologicalOrder()) {
      Node node = graph.node(index);
      String output = node.outputs().get(0);
      boolean foldable = node.opType().equals("Transpose") || node.opType().equals("Identity");
      if (foldable && !graph.isConstant(output) && graph.isConstant(node.inputs().get(0))) {
        graph.addConstant(
            output, transposed(graph, index, graph.constant(node.inputs().get(0)), output));
        Dequantization.Quantized quantized = graph.quantized(node.inputs().get(0));
        if (quantized != null) {
          boolean swap = node.opType().equals("Transpose") && quantized.dims().length == 2;
          graph.addQuantized(output, swap ? quantized.transposed() : quantized);
        }
      } else if (node.opType().equals("DequantizeLinear") && Dequantization.foldable(graph, index)) {
        graph.addConstant(output, Dequantization.fold(graph, index));
      }
    }
  }

  private static TensorData transposed(
      CheckedGraph graph, int index, TensorData tensor, String output)
      throws WeightFileException {
    Node node = graph.node(index);
    long[] dims = tensor.dims();
    if (node.opType().equals("Identity") || dims.length < 2) {
      // a new name for the same data, never a copy: a graph may rename one initializer hundreds of times
      return new TensorData(
          output, tensor.dataType(), dims, tensor.rawData(), tensor.typedValues(), tensor.external());
    }
    double[] values = tensor.values();
    OnnxModel.Attribute perm = node.attributes().get("perm");
    if (dims.length != 2 || (perm != null && !Arrays.equals(perm.ints(), new long[] {1, 0}))) {
      throw perm == null
          ? new WeightFileException(
              Message.ONNX_TRANSPOSE_RANK,
              graph.describe(index),
              tensor.name(),
              Arrays.toString(dims))
          : new WeightFileException(
              Message.ONNX_TRANSPOSE_PERM,
              graph.describe(index),
              tensor.name(),
              Arrays.toString(dims),
              Arrays.toString(perm.ints()));
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
}
