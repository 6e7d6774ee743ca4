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
}
