package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HalfPrecisionTest {
  // Expected values computed by hand from the IEEE 754 binary16 layout.
  @ParameterizedTest(name = "F16 0x{0} = {1}")
  @CsvSource({
    "3C00, 1.0",
    "C000, -2.0",
    "3555, 0.333251953125", // exponent 13, fraction 341: 1365 / 4096
    "7BFF, 65504.0", // largest finite
    "0400, 0.00006103515625", // smallest normal 2^-14
    "0001, 5.9604644775390625E-8", // smallest subnormal 2^-24
    "03FF, 6.097555160522461E-5", // largest subnormal 1023 * 2^-24
    "0000, 0.0",
    "7C00, Infinity",
    "FC00, -Infinity",
  })
  void float16(String hex, double expected) {
    assertEquals(expected, HalfPrecision.float16ToFloat(Integer.parseInt(hex, 16)), 0.0);
  }

  @ParameterizedTest(name = "F16 0x{0} is NaN")
  @CsvSource({"7E00", "7C01", "FFFF"})
  void float16NaN(String hex) {
    assertTrue(Float.isNaN(HalfPrecision.float16ToFloat(Integer.parseInt(hex, 16))));
  }

  @ParameterizedTest(name = "F16 negative zero")
  @CsvSource({"8000"})
  void float16NegativeZero(String hex) {
    assertEquals(
        Float.floatToRawIntBits(-0.0f),
        Float.floatToRawIntBits(HalfPrecision.float16ToFloat(Integer.parseInt(hex, 16))));
  }

  @ParameterizedTest(name = "BF16 0x{0} = {1}")
  @CsvSource({
    "3F80, 1.0",
    "C040, -3.0",
    "3EAB, 0.333984375", // 0x3EAB0000: 171/128 * 2^-2
    "0001, 9.183549615799121E-41", // 2^-133, the smallest subnormal
    "7F80, Infinity",
    "FF80, -Infinity",
  })
  void bfloat16(String hex, double expected) {
    assertEquals(expected, HalfPrecision.bfloat16ToFloat(Integer.parseInt(hex, 16)), 0.0);
  }
}
