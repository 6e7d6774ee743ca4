package dev.soma.io;

import dev.soma.runtime.HalfPrecision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor of a safetensors file: its dtype, its shape and its elements in row-major order,
 * stored as the file's little-endian bytes and converted exactly on request.
 *
 * <p>Immutable: {@link #shape()} and the array conversions return fresh copies.
 */
public final class Tensor {
  private final String name;
  private final String dtype;
  private final int[] shape;
  private final int elementCount;
  private final byte[] data;

  /** Takes ownership of {@code data}; the caller has checked its length against the shape. */
  Tensor(String name, String dtype, int[] shape, byte[] data) {
    this.name = name;
    this.dtype = dtype;
    this.shape = shape.clone();
    this.elementCount = elementCount(shape);
    this.data = data;
  }

  /**
   * A {@code F32} tensor holding {@code values} (copied), which must have {@code product(shape)}
   * elements.
   */
  public static Tensor ofFloats(String name, int[] shape, float[] values) {
    checkValues(name, shape, values.length);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return new Tensor(name, "F32", shape, buffer.array());
  }

  /**
   * A {@code F64} tensor holding {@code values} (copied), which must have {@code product(shape)}
   * elements.
   */
  public static Tensor ofDoubles(String name, int[] shape, double[] values) {
    checkValues(name, shape, values.length);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asDoubleBuffer().put(values);
    return new Tensor(name, "F64", shape, buffer.array());
  }

  /**
   * An {@code I8} tensor holding {@code values} (copied), which must have {@code product(shape)}
   * elements.
   */
  public static Tensor ofInt8(String name, int[] shape, byte[] values) {
    checkValues(name, shape, values.length);
    return new Tensor(name, "I8", shape, values.clone());
  }

  /**
   * A {@code BF16} ({@code bfloat16 = true}) or {@code F16} tensor holding {@code values}, each
   * rounded to nearest even ({@link HalfPrecision#floatToBfloat16}, {@link
   * HalfPrecision#floatToFloat16}); {@code values} must have {@code product(shape)} elements.
   */
  public static Tensor ofHalves(String name, int[] shape, float[] values, boolean bfloat16) {
    checkValues(name, shape, values.length);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      buffer.putShort(
          bfloat16 ? HalfPrecision.floatToBfloat16(value) : HalfPrecision.floatToFloat16(value));
    }
    return new Tensor(name, bfloat16 ? "BF16" : "F16", shape, buffer.array());
  }

  /**
   * The elements of an {@code I8} tensor in row-major order.
   *
   * @throws IllegalStateException if the dtype is not I8
   */
  public byte[] toByteArray() {
    if (!dtype.equals("I8")) {
      throw new IllegalStateException("tensor '" + name + "' has dtype " + dtype + "; expected I8");
    }
    return data.clone();
  }

  private static void checkValues(String name, int[] shape, int length) {
    Objects.requireNonNull(name, "name");
    for (int dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException(
            "tensor '" + name + "' has a negative dimension in shape " + Arrays.toString(shape));
      }
    }
    long expected = elementCount(shape);
    if (expected != length) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "' with shape "
              + Arrays.toString(shape)
              + " needs "
              + expected
              + " values; found "
              + length);
    }
  }

  /** The tensor's name in the file, such as {@code fc1.weight}. */
  public String name() {
    return name;
  }

  /** The safetensors dtype name, such as {@code F32}, {@code BF16} or {@code I64}. */
  public String dtype() {
    return dtype;
  }

  /** A copy of the shape; {@code []} for a scalar. */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements: the product of the shape (1 for a scalar). */
  public int elementCount() {
    return elementCount;
  }

  /**
   * Whether the dtype is one of the floating-point types this class converts: F16, BF16, F32, F64.
   */
  public boolean isFloatingPoint() {
    return isFloatingPoint(dtype);
  }

  static boolean isFloatingPoint(String dtype) {
    return switch (dtype) {
      case "F16", "BF16", "F32", "F64" -> true;
      default -> false;
    };
  }

  /**
   * The elements in row-major order as {@code double}s; exact for every floating-point dtype.
   *
   * @throws IllegalStateException if the dtype is not F16, BF16, F32 or F64
   */
  public double[] toDoubleArray() {
    double[] values = new double[elementCount];
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case "F64" -> buffer.asDoubleBuffer().get(values);
      case "F32" -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = buffer.getFloat(i * 4);
        }
      }
      case "F16" -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = HalfPrecision.float16ToFloat(buffer.getShort(i * 2));
        }
      }
      case "BF16" -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = HalfPrecision.bfloat16ToFloat(buffer.getShort(i * 2));
        }
      }
      default -> throw notFloatingPoint();
    }
    return values;
  }

  /**
   * The elements in row-major order as {@code float}s: exact for F16, BF16 and F32, rounded to
   * nearest for F64.
   *
   * @throws IllegalStateException if the dtype is not F16, BF16, F32 or F64
   */
  public float[] toFloatArray() {
    if (dtype.equals("F32")) {
      float[] values = new float[elementCount];
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }
    double[] exact = toDoubleArray();
    float[] values = new float[exact.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) exact[i];
    }
    return values;
  }

  /**
   * The elements of an integer tensor ({@code I8}, {@code U8}, {@code I16}, {@code U16} or {@code
   * I32}) in row-major order, exact: quantized weights and their zero points.
   *
   * @throws IllegalStateException for any other dtype
   */
  public int[] toIntArray() {
    int[] values = new int[elementCount];
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (dtype) {
            case "I8" -> data[i];
            case "U8" -> data[i] & 0xFF;
            case "I16" -> buffer.getShort(i * 2);
            case "U16" -> buffer.getShort(i * 2) & 0xFFFF;
            case "I32" -> buffer.getInt(i * 4);
            default ->
                throw new IllegalStateException(
                    "tensor '" + name + "' has dtype " + dtype + "; expected I8, U8, I16, U16 or I32");
          };
    }
    return values;
  }

  private IllegalStateException notFloatingPoint() {
    return new IllegalStateException(
        "tensor '" + name + "' has dtype " + dtype + "; expected F16, BF16, F32 or F64");
  }

  /** The little-endian element bytes, not copied: for writing only. */
  byte[] rawBytes() {
    return data;
  }

  /**
   * The size in bytes of one element of {@code dtype}, or -1 for a dtype safetensors does not
   * define.
   */
  static int elementSize(String dtype) {
    return switch (dtype) {
      case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3" -> 1;
      case "U16", "I16", "F16", "BF16" -> 2;
      case "U32", "I32", "F32" -> 4;
      case "U64", "I64", "F64" -> 8;
      default -> -1;
    };
  }

  private static int elementCount(int[] shape) {
    long count = 1;
    for (int dim : shape) {
      count *= dim;
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape "
                + Arrays.toString(shape)
                + " has more than "
                + Integer.MAX_VALUE
                + " elements");
      }
    }
    return (int) count;
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
