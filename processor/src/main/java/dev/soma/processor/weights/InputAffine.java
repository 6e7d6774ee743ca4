package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Problem;
import dev.soma.processor.weights.OnnxModel.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Constant {@code Add}, {@code Sub}, {@code Mul} and {@code Div} nodes met on the data path where
 * no layer's linear part is open (before the first layer, or after a layer's activation), waiting
 * for the next {@code Gemm} or {@code MatMul}: together they map each input feature {@code x_j} to
 * {@code a_j x_j + c_j}, which that layer absorbs exactly ({@link PendingLayer#foldInput}), such as
 * the {@code (x - 0.1307) / 0.3081} normalisation PyTorch exports write before the first layer.
 */
final class InputAffine {
  /** One node: its operator, whether the data is its first operand, and the constant. */
  private record Step(int index, String op, boolean dataFirst, TensorData constant) {}

  private final CheckedGraph graph;
  private final List<Step> steps = new ArrayList<>();

  InputAffine(CheckedGraph graph) {
    this.graph = graph;
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Records node {@code index}, {@code op} of the data and {@code constant}. */
  void add(int index, String op, boolean dataFirst, TensorData constant) {
    steps.add(new Step(index, op, dataFirst, constant));
  }

  /** The nodes waiting, for messages: {@code Sub 'Sub_1', Div 'Div_3'}. */
  String nodes() {
    return steps.stream().map(s -> graph.describe(s.index())).collect(Collectors.joining(", "));
  }

  /**
   * Folds the waiting nodes into {@code layer}, which reads their result, and returns the note that
   * says so; nothing waits afterwards.
   */
  Problem foldInto(PendingLayer layer, String layerName) throws WeightFileException {
    int in = layer.in;
    double[] scale = new double[in];
    double[] shift = new double[in];
    Arrays.fill(scale, 1);
    String expression = "x";
    for (Step step : steps) {
      double[] c = perFeature(step, in, layerName);
      for (int j = 0; j < in; j++) {
        switch (step.op()) {
          case "Add" -> shift[j] += c[j];
          case "Sub" -> {
            if (step.dataFirst()) {
              shift[j] -= c[j];
            } else {
              scale[j] = -scale[j];
              shift[j] = c[j] - shift[j];
            }
          }
          case "Mul" -> {
            scale[j] *= c[j];
            shift[j] *= c[j];
          }
          default -> { // Div(x, c); Div(c, x) is not affine and never waits here
            scale[j] /= c[j];
            shift[j] /= c[j];
          }
        }
      }
      expression = written(expression, step);
    }
    layer.foldInput(scale, shift);
    Problem note = Problem.of(Message.ONNX_FOLDED_INPUT, layerName, expression, nodes());
    steps.clear();
    return note;
  }

  private double[] perFeature(Step step, int in, String layerName) throws WeightFileException {
    double[] values = step.constant().values();
    if (values.length == 1) {
      double[] filled = new double[in];
      Arrays.fill(filled, values[0]);
      return filled;
    }
    if (values.length != in) {
      throw new WeightFileException(
          Message.ONNX_INPUT_AFFINE_SHAPE,
          graph.describe(step.index()),
          step.constant().name(),
          Arrays.toString(step.constant().dims()),
          layerName,
          in);
    }
    return values;
  }

  /** {@code expression} with the step applied, as the note shows it. */
  private static String written(String expression, Step step) throws WeightFileException {
    String c = constantText(step.constant());
    return switch (step.op()) {
      case "Add" -> "(" + expression + " + " + c + ")";
      case "Sub" ->
          step.dataFirst()
              ? "(" + expression + " - " + c + ")"
              : "(" + c + " - " + expression + ")";
      case "Mul" -> expression + " * " + c;
      default -> expression + " / " + c;
    };
  }

  /** A scalar as the shortest float or double text; a tensor by its name and shape. */
  private static String constantText(TensorData constant) throws WeightFileException {
    double[] values = constant.values();
    if (values.length != 1) {
      return "'" + constant.name() + "' " + Arrays.toString(constant.dims());
    }
    double v = values[0];
    return (double) (float) v == v ? Float.toString((float) v) : Double.toString(v);
  }
}
