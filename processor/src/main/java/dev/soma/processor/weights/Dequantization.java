package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.model.QuantizedWeights;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import java.util.Arrays;

/**
 * ONNX {@code DequantizeLinear} of constants: the weight-only QDQ form quantization tools write
 * ({@code onnxruntime.quantization} with weights only, or {@code QDQ} weights in front of float
 * {@code Gemm}/{@code MatMul}). The node's result is a constant, {@code y = (x - x_zero_point) *
 * x_scale} computed in float as the ONNX specification and ONNX Runtime compute it; besides it the
 * graph keeps a {@link Quantized} record of the integer tensor, so a layer whose weight it is can
 * keep the int8 values under {@code storage = INT8} ({@link Quantized#forLayer}).
 *
 * <p>Scales: a scalar (per tensor), a 1-D tensor along {@code axis} (default 1; per axis), or, with
 * {@code block_size} (opset 21), a tensor of the input's rank with {@code ceil(dims[axis] /
 * block_size)} along {@code axis} (blocked). The zero point, when given, has the scale's shape and
 * the input's data type. Inputs of INT8, UINT8, INT16, UINT16 or INT32 are read; 4-bit and 8-bit
 * float types are refused with a message naming the type.
 */
final class Dequantization {
  private Dequantization() {}

  /**
   * The integer tensor behind a dequantized constant, as the file holds it.
   *
   * @param tensor the integer initializer's name
   * @param dataType its ONNX data type
   * @param dims its dims
   * @param values its values, row-major
   * @param zeroPoints one per scale (all 0 without a zero point)
   * @param scales one (per tensor), one per index along {@code axis}, or one per block
   * @param axis the scales' axis, from 0
   * @param blockSize 0 unless blocked
   */
  record Quantized(
      String tensor,
      int dataType,
      long[] dims,
      int[] values,
      int[] zeroPoints,
      float[] scales,
      int axis,
      long blockSize) {

    boolean perTensor() {
      return scales.length == 1 && blockSize == 0;
    }

    /** The same tensor transposed, for a constant 2-D {@code Transpose} of it. */
    Quantized transposed() {
      int rows = (int) dims[0];
      int columns = (int) dims[1];
      int[] swapped = new int[values.length];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          swapped[c * rows + r] = values[r * columns + c];
        }
      }
      return new Quantized(
          tensor, dataType, new long[] {columns, rows}, swapped, zeroPoints, scales, 1 - axis, blockSize);
    }

    /**
     * The quantization as a layer's weights: the tensor holds them {@code [out, in]} if {@code
     * outByIn} (Gemm with {@code transB = 1}), else {@code [in, out]}; {@code alpha} is Gemm's
     * factor. INT8 storage keeps them when the values are int8 with zero point 0 (or uint8 with
     * zero point 128, exactly {@code q - 128} as int8), with one scale per output or for the whole
     * tensor, and {@code alpha} is 1; otherwise the result is {@link
     * QuantizedWeights#unrepresentable} with the layout in words.
     */
    QuantizedWeights forLayer(int in, int out, boolean outByIn, double alpha) {
      int outAxis = outByIn ? 0 : 1;
      String layout = layout(outAxis) + (alpha == 1 ? "" : ", then multiplied by Gemm's alpha = " + alpha);
      boolean zero = Arrays.stream(zeroPoints).allMatch(z -> z == 0);
      boolean offset128 = Arrays.stream(zeroPoints).allMatch(z -> z == 128);
      boolean int8 = (dataType == TensorData.INT8 && zero) || (dataType == TensorData.UINT8 && offset128);
      if (!int8 || blockSize != 0 || !(perTensor() || axis == outAxis) || alpha != 1) {
        return QuantizedWeights.unrepresentable(tensor, layout);
      }
      byte[] rowMajor = new byte[in * out];
      float[] rowScales = new float[out];
      for (int i = 0; i < out; i++) {
        rowScales[i] = scales[perTensor() ? 0 : i];
        int zeroPoint = zeroPoints[perTensor() ? 0 : i];
        for (int j = 0; j < in; j++) {
          int q = values[outByIn ? i * in + j : j * out + i];
          rowMajor[i * in + j] = (byte) (q - zeroPoint);
        }
      }
      return new QuantizedWeights(tensor, layout, rowMajor, rowScales);
    }

    /** {@code INT8, one scale per output (axis 1), zero point 0} and the like. */
    String layout(int outAxis) {
      String granularity;
      if (blockSize != 0) {
        granularity = "blocks of " + blockSize + " along axis " + axis;
      } else if (perTensor()) {
        granularity = "one scale per tensor";
      } else {
        granularity = "one scale per " + (axis == outAxis ? "output" : "input") + " (axis " + axis + ")";
      }
      String zero;
      if (Arrays.stream(zeroPoints).allMatch(z -> z == zeroPoints[0])) {
        zero = "zero point " + zeroPoints[0];
      } else {
        zero = "zero points from " + Arrays.stream(zeroPoints).min().orElse(0)
            + " to " + Arrays.stream(zeroPoints).max().orElse(0);
      }
      return TensorData.typeName(dataType) + ", " + granularity + ", " + zero;
    }
  }

  /** Whether every input of the {@code DequantizeLinear} at {@code index} is a constant. */
  static boolean foldable(CheckedGraph graph, int index) {
    for (String input : graph.node(index).inputs()) {
      if (!input.isEmpty() && !graph.isConstant(input)) {
        return false;
      }
    }
    return true;
  }

  /** Evaluates the {@code DequantizeLinear} at {@code index}, recording its quantized input. */
  static TensorData fold(CheckedGraph graph, int index) throws WeightFileException {
    Node node = graph.node(index);
    TensorData x = graph.constant(node.inputs().get(0));
    TensorData scale = graph.constant(node.inputs().get(1));
    String zeroName = node.inputs().size() > 2 ? node.inputs().get(2) : "";
    TensorData zero = zeroName.isEmpty() ? null : graph.constant(zeroName);
    String where = graph.describe(index);
    if (!Arrays.asList(TensorData.INT8, TensorData.UINT8, TensorData.INT16, TensorData.UINT16, TensorData.INT32)
        .contains(x.dataType())) {
      throw new WeightFileException(
          Message.ONNX_DEQUANTIZE_TYPE, where, x.name(), TensorData.typeName(x.dataType()));
    }
    if (zero != null && zero.dataType() != x.dataType()) {
      throw new WeightFileException(
          Message.ONNX_DEQUANTIZE_ZERO_POINT,
          where,
          zero.name(),
          TensorData.typeName(zero.dataType()) + " " + Arrays.toString(zero.dims()),
          TensorData.typeName(x.dataType()) + " " + Arrays.toString(scale.dims()));
    }
    long[] dims = x.dims();
    int rank = dims.length;
    long blockSize = node.intAttribute("block_size", 0);
    long axisAttribute = node.intAttribute("axis", 1);
    int axis = (int) (axisAttribute < 0 ? axisAttribute + rank : axisAttribute);
    double[] q = x.integerValues();
    double[] s = scale.values();
    double[] z = zero == null ? new double[s.length] : zero.integerValues();
    long[] scaleDims = scale.dims();
    boolean perTensor = blockSize == 0 && s.length == 1 && scaleDims.length <= 1;
    boolean perAxis =
        blockSize == 0 && scaleDims.length == 1 && axis >= 0 && axis < rank && scaleDims[0] == dims[axis];
    boolean blocked = blockSize > 0 && axis >= 0 && axis < rank && blockedShape(dims, scaleDims, axis, blockSize);
    if (!perTensor && !perAxis && !blocked) {
      throw new WeightFileException(
          Message.ONNX_DEQUANTIZE_SCALE_SHAPE,
          where,
          scale.name(),
          Arrays.toString(scaleDims),
          x.name(),
          Arrays.toString(dims),
          axisAttribute,
          blockSize);
    }
    if (z.length != s.length) {
      throw new WeightFileException(
          Message.ONNX_DEQUANTIZE_ZERO_POINT,
          where,
          zero.name(),
          TensorData.typeName(zero.dataType()) + " " + Arrays.toString(zero.dims()),
          TensorData.typeName(x.dataType()) + " " + Arrays.toString(scaleDims));
    }
    float[] scales = new float[s.length];
    int[] zeroPoints = new int[s.length];
    for (int k = 0; k < s.length; k++) {
      scales[k] = (float) s[k];
      zeroPoints[k] = (int) z[k];
    }
    int[] values = new int[q.length];
    double[] y = new double[q.length];
    for (int k = 0; k < q.length; k++) {
      values[k] = (int) q[k];
      int group = perTensor ? 0 : scaleIndex(k, dims, scaleDims, axis, blocked ? blockSize : 1);
      // in float, as the specification and ONNX Runtime compute it
      y[k] = (float) (values[k] - zeroPoints[group]) * scales[group];
    }
    String output = node.outputs().get(0);
    graph.addQuantized(
        output,
        new Quantized(x.name(), x.dataType(), dims.clone(), values, zeroPoints, scales, axis, blocked ? blockSize : 0));
    return new TensorData(output, TensorData.FLOAT, dims.clone(), null, y, false);
  }

  /** Whether {@code scaleDims} are the input's dims with {@code ceil(dims[axis] / block)} along the axis. */
  private static boolean blockedShape(long[] dims, long[] scaleDims, int axis, long block) {
    if (scaleDims.length != dims.length) {
      return false;
    }
    for (int d = 0; d < dims.length; d++) {
      long expected = d == axis ? (dims[d] + block - 1) / block : dims[d];
      if (scaleDims[d] != expected) {
        return false;
      }
    }
    return true;
  }

  /**
   * The scale of element {@code k} (row-major in {@code dims}): per axis the coordinate along
   * {@code axis} ({@code block} 1 and 1-D scales), blocked the element's block in the scales' own
   * shape.
   */
  private static int scaleIndex(int k, long[] dims, long[] scaleDims, int axis, long block) {
    if (scaleDims.length == 1) {
      long stride = 1;
      for (int d = axis + 1; d < dims.length; d++) {
        stride *= dims[d];
      }
      return (int) ((k / stride) % dims[axis]);
    }
    int index = 0;
    int rest = k;
    int[] coordinates = new int[dims.length];
    for (int d = dims.length - 1; d >= 0; d--) {
      coordinates[d] = (int) (rest % dims[d]);
      rest /= (int) dims[d];
    }
    for (int d = 0; d < dims.length; d++) {
      long coordinate = d == axis ? coordinates[d] / block : coordinates[d];
      index = (int) (index * scaleDims[d] + coordinate);
    }
    return index;
  }
}
