package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Problem;
import dev.soma.processor.model.QuantizedWeights;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Quantized weights in a safetensors file, named as compressed-tensors (llm-compressor's format,
 * read by vLLM and Hugging Face transformers) names them: {@code <name>.weight} of dtype I8 or U8,
 * shape {@code [out, in]}; {@code <name>.weight_scale}, floating point, a scalar, {@code [1]}
 * (per tensor), {@code [out]} or {@code [out, 1]} (per output channel); optionally {@code
 * <name>.weight_zero_point} (I8, U8 or I32, one per scale; 0 without it). The weights are {@code
 * (q - zero_point) * scale}, computed in float; INT8 storage keeps {@code q} and the scales as they
 * are when the values are I8 with zero point 0, or U8 with zero point 128 ({@code q - 128} exactly).
 */
final class QuantizedTensors {
  static final String SCALE = "_scale";
  static final String ZERO_POINT = "_zero_point";

  private QuantizedTensors() {}

  /** Whether {@code tensor} holds quantized weights: I8 or U8. */
  static boolean isQuantized(Tensor tensor) {
    return tensor.dtype().equals("I8") || tensor.dtype().equals("U8");
  }

  /** The dequantized weights and how they were quantized, or the problem that prevents reading them. */
  record Read(double[] weights, QuantizedWeights quantized, Problem problem) {}

  /**
   * Reads the quantized {@code weight} ({@code [out, in]}) of the layer described by {@code where},
   * with its scale and zero point from {@code tensors}; adds the names it reads to {@code used}.
   */
  static Read read(
      String file, String where, Tensor weight, int out, int in, Map<String, Tensor> tensors, Set<String> used) {
    String scaleName = weight.name() + SCALE;
    String zeroName = weight.name() + ZERO_POINT;
    Tensor scale = tensors.get(scaleName);
    if (scale == null) {
      return failed(Message.TENSOR_QUANTIZED_NO_SCALE, file, where, weight.name(), weight.dtype(), scaleName);
    }
    used.add(scaleName);
    int[] shape = scale.shape();
    boolean perTensor = scale.elementCount() == 1 && shape.length <= 2;
    boolean perOutput =
        (shape.length == 1 && shape[0] == out) || (shape.length == 2 && shape[0] == out && shape[1] == 1);
    if (!scale.isFloatingPoint() || !(perTensor || perOutput)) {
      return failed(
          Message.TENSOR_QUANTIZED_SCALE, file, where, scaleName, scale.dtype(), Arrays.toString(shape), out, out);
    }
    double[] s = scale.toDoubleArray();
    int[] zeroPoints = new int[s.length];
    Tensor zero = tensors.get(zeroName);
    if (zero != null) {
      used.add(zeroName);
      boolean integer = Set.of("I8", "U8", "I32").contains(zero.dtype());
      if (!integer || zero.elementCount() != s.length) {
        return failed(
            Message.TENSOR_QUANTIZED_ZERO_POINT,
            file,
            where,
            zeroName,
            zero.dtype(),
            Arrays.toString(zero.shape()),
            s.length);
      }
      zeroPoints = zero.toIntArray();
    }
    float[] scales = new float[s.length];
    for (int k = 0; k < s.length; k++) {
      scales[k] = (float) s[k];
      if (!Float.isFinite(scales[k])) {
        return failed(Message.TENSOR_QUANTIZED_SCALE_VALUE, file, where, scaleName, s[k], k);
      }
    }
    int[] q = weight.toIntArray();
    double[] weights = new double[q.length];
    float[] rowScales = new float[out];
    byte[] stored = new byte[q.length];
    boolean int8 = true;
    for (int i = 0; i < out; i++) {
      int group = perTensor ? 0 : i;
      rowScales[i] = scales[group];
      int zeroPoint = zeroPoints[group];
      int8 &= weight.dtype().equals("I8") ? zeroPoint == 0 : zeroPoint == 128;
      for (int j = 0; j < in; j++) {
        int k = i * in + j;
        weights[k] = (float) (q[k] - zeroPoint) * scales[group];
        stored[k] = (byte) (q[k] - zeroPoint);
      }
    }
    String layout =
        weight.dtype()
            + ", "
            + (perTensor ? "one scale per tensor" : "one scale per output")
            + ", "
            + (zero == null ? "no zero point" : zeroPointRange(zeroPoints));
    QuantizedWeights quantized =
        int8
            ? new QuantizedWeights(weight.name(), layout, stored, rowScales)
            : QuantizedWeights.unrepresentable(weight.name(), layout);
    return new Read(weights, quantized, null);
  }

  private static String zeroPointRange(int[] zeroPoints) {
    int min = Arrays.stream(zeroPoints).min().orElse(0);
    int max = Arrays.stream(zeroPoints).max().orElse(0);
    return min == max ? "zero point " + min : "zero points from " + min + " to " + max;
  }

  private static Read failed(Message message, Object... args) {
    return new Read(null, null, Problem.of(message, args));
  }
}
