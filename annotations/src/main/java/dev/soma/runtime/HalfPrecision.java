package dev.soma.runtime;

/**
 * Exact conversions from the 16-bit floating-point formats weight files use to {@code float}. Every
 * 16-bit value, including subnormals, infinities and NaN, is representable as a {@code float}, so
 * the conversions lose nothing.
 */
public final class HalfPrecision {
  private HalfPrecision() {}

  /**
   * The value of an IEEE 754 binary16 ("half", safetensors {@code F16}, ONNX {@code FLOAT16}) given
   * by its 16 low bits: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
   */
  public static float float16ToFloat(int bits) {
    int sign = (bits & 0x8000) != 0 ? -1 : 1;
    int exponent = (bits >>> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    if (exponent == 0x1f) {
      return fraction == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
    }
    if (exponent == 0) {
      // Subnormal (or zero): fraction * 2^-24.
      return sign * Math.scalb((float) fraction, -24);
    }
    // Normal: (1024 + fraction) * 2^(exponent - 15 - 10).
    return sign * Math.scalb((float) (0x400 | fraction), exponent - 25);
  }

  /**
   * The value of a bfloat16 (safetensors {@code BF16}, ONNX {@code BFLOAT16}) given by its 16 low
   * bits: the upper half of an IEEE 754 binary32.
   */
  public static float bfloat16ToFloat(int bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /**
   * The bfloat16 nearest to {@code value} (ties to even), as its 16 bits; NaN stays a (quiet) NaN.
   */
  public static short floatToBfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
  }

  /**
   * The IEEE 754 binary16 nearest to {@code value} (ties to even), as its 16 bits: magnitudes of
   * 65520 and more become infinity, below 2^-24 / 2 zero; NaN stays a (quiet) NaN.
   */
  public static short floatToFloat16(float value) {
    int sign = (Float.floatToRawIntBits(value) >>> 16) & 0x8000;
    float magnitude = Math.abs(value);
    if (Float.isNaN(value)) {
      return (short) (sign | 0x7e00);
    }
    if (magnitude >= 65520f) {
      return (short) (sign | 0x7c00);
    }
    if (magnitude < 0x1p-14f) {
      // Subnormal: a multiple of 2^-24; 1024 of them is the smallest normal, whose bits are 0x400.
      return (short) (sign | (int) Math.rint(magnitude * 0x1p24f));
    }
    int exponent = Math.getExponent(magnitude);
    int fraction = (int) Math.rint(Math.scalb(magnitude, 10 - exponent)); // 1024 .. 2048
    // A fraction rounded up to 2048 carries into the exponent, as the encoding wants.
    return (short) (sign | (((exponent + 15) << 10) + fraction - 1024));
  }
}
