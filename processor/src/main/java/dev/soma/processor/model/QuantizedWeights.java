package dev.soma.processor.model;

import java.util.Objects;

/**
 * Weights that came quantized from a weight file (an ONNX {@code DequantizeLinear} of an int8
 * initializer, or a safetensors I8 tensor with its {@code .weight_scale}), as the file quantized
 * them. When the layout is what INT8 storage keeps (int8 values, zero point 0, one scale per output
 * or one for the tensor), {@link #values} and {@link #scales} hold them and INT8 storage takes them
 * as they are instead of quantizing the dequantized floats again; otherwise both are null and
 * {@link #layout} says why, for the error INT8 storage gives.
 *
 * @param tensor the quantized tensor's name in the file, for messages
 * @param layout the quantization layout in words, such as {@code int8, per output (axis 0), zero
 *     point 0}
 * @param values row-major {@code out x in} int8 values, or null when not representable
 * @param scales one scale per output, or null when not representable
 */
public record QuantizedWeights(String tensor, String layout, byte[] values, float[] scales) {
  public QuantizedWeights {
    Objects.requireNonNull(tensor);
    Objects.requireNonNull(layout);
    if ((values == null) != (scales == null)) {
      throw new IllegalArgumentException("values and scales must both be given or both be null");
    }
    values = values == null ? null : values.clone();
    scales = scales == null ? null : scales.clone();
  }

  /** A layout INT8 storage cannot keep as it is, described by {@code layout}. */
  public static QuantizedWeights unrepresentable(String tensor, String layout) {
    return new QuantizedWeights(tensor, layout, null, null);
  }

  /** Whether INT8 storage keeps these values and scales unchanged. */
  public boolean int8() {
    return values != null;
  }

  @Override
  public byte[] values() {
    return values == null ? null : values.clone();
  }

  @Override
  public float[] scales() {
    return scales == null ? null : scales.clone();
  }

  /** The value a stored weight stands for, {@code q * scale} in float, row-major. */
  public float[] dequantized(int in) {
    float[] floats = new float[values.length];
    for (int k = 0; k < floats.length; k++) {
      floats[k] = values[k] * scales[k / in];
    }
    return floats;
  }
}
