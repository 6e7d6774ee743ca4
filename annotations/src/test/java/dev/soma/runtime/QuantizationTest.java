package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Storage;
import dev.soma.StorageComparison;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Rounding to the 16-bit formats and int8 quantization, against values worked out by hand or exactly. */
class QuantizationTest {
  /** Every binary16 value converts to float and back unchanged (NaNs stay NaN). */
  @Test
  void everyFloat16RoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = HalfPrecision.float16ToFloat(bits);
      short back = HalfPrecision.floatToFloat16(value);
      if (Float.isNaN(value)) {
        assertTrue(Float.isNaN(HalfPrecision.float16ToFloat(back)));
      } else {
        assertEquals(bits, back & 0xffff, "bits " + Integer.toHexString(bits));
      }
    }
  }

  /** Every bfloat16 value converts to float and back unchanged (NaNs stay NaN). */
  @Test
  void everyBfloat16RoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = HalfPrecision.bfloat16ToFloat(bits);
      short back = HalfPrecision.floatToBfloat16(value);
      if (Float.isNaN(value)) {
        assertTrue(Float.isNaN(HalfPrecision.bfloat16ToFloat(back)));
      } else {
        assertEquals(bits, back & 0xffff, "bits " + Integer.toHexString(bits));
      }
    }
  }

  /**
   * Between two neighbouring binary16 values, every float rounds to the nearer one, and a float
   * exactly halfway to the one with an even last bit: checked in exact decimal arithmetic for the
   * midpoints and the floats beside them, over all positive finite values.
   */
  @Test
  void float16RoundsToNearestEven() {
    for (int bits = 0; bits < 0x7bff; bits++) {
      BigDecimal low = new BigDecimal(HalfPrecision.float16ToFloat(bits));
      BigDecimal high = new BigDecimal(HalfPrecision.float16ToFloat(bits + 1));
      float mid = low.add(high).divide(BigDecimal.valueOf(2)).floatValue(); // exact: 12 bits
      int even = (bits & 1) == 0 ? bits : bits + 1;
      assertEquals(even, HalfPrecision.floatToFloat16(mid), "midpoint above " + Integer.toHexString(bits));
      assertEquals(bits, HalfPrecision.floatToFloat16(Math.nextDown(mid)));
      assertEquals(bits + 1, HalfPrecision.floatToFloat16(Math.nextUp(mid)));
      assertEquals(bits | 0x8000, HalfPrecision.floatToFloat16(-Math.nextDown(mid)) & 0xffff);
    }
    // 65504 is the largest finite value; from the midpoint 65520 on, infinity
    assertEquals(0x7bff, HalfPrecision.floatToFloat16(Math.nextDown(65520f)));
    assertEquals(0x7c00, HalfPrecision.floatToFloat16(65520f));
  }

  @Test
  void bfloat16RoundsToNearestEven() {
    // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to 1 (even); a little more goes up
    assertEquals(0x3f80, HalfPrecision.floatToBfloat16(1 + 0x1p-8f));
    assertEquals(0x3f81, HalfPrecision.floatToBfloat16(Math.nextUp(1 + 0x1p-8f)));
    // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6: ties up to the even one
    assertEquals(0x3f82, HalfPrecision.floatToBfloat16(1 + 3 * 0x1p-8f));
    assertEquals((short) 0xbf80, HalfPrecision.floatToBfloat16(-1 - 0x1p-8f));
  }

  /** Two rows worked out by hand: scale max/127, q = round(w / scale), a zero row stays zero. */
  @Test
  void int8PerRowByHand() {
    float[] w = {1.27f, -0.5f, 0.0149f, 0, 0, 0};
    float[] scales = Quantization.int8Scales(w, 2, 3);
    assertArrayEquals(new float[] {(float) (1.27f / 127.0), 0}, scales);
    byte[] q = Quantization.int8(w, 2, 3, scales);
    // scale ~ 0.01: -0.5 / 0.01 = -50.000001 rounds to -50, 0.0149 / 0.01 = 1.49 to 1
    assertArrayEquals(new byte[] {127, -50, 1, 0, 0, 0}, q);
    float[] stored = Quantization.stored(Storage.INT8, w, 2, 3);
    assertEquals(127 * scales[0], stored[0]);
    assertEquals(-50 * scales[0], stored[1]);
    assertEquals(0, stored[4]);
    assertArrayEquals(stored, Quantization.rows(Quantization.columns(q, 2, 3), scales, 2, 3));
  }

  @Test
  void storageComparisonByHand() {
    float[][] inputs = {{1, 2}, {3, 0}};
    StorageComparison same = StorageComparison.of(x -> x, x -> x.clone(), inputs);
    assertEquals(0, same.maxDifference());
    assertEquals(1, same.argmaxAgreement());
    // candidate adds 0.5 to output 0: row 1 argmax moves from 1 to ... 1.5 < 2, stays; row 2 stays 0
    StorageComparison shifted =
        StorageComparison.of(x -> x, x -> new float[] {x[0] + 0.5f, x[1]}, inputs);
    assertEquals(0.5, shifted.maxDifference());
    assertEquals(0.25, shifted.meanDifference()); // 0.5 + 0 + 0.5 + 0 over 4 outputs
    assertEquals(1, shifted.argmaxAgreement());
    StorageComparison flipped = StorageComparison.of(x -> x, x -> new float[] {x[1], x[0]}, inputs);
    assertEquals(0, flipped.argmaxAgreement());
    assertThrows(IllegalArgumentException.class, () -> StorageComparison.of(x -> x, x -> x, new float[0][]));
  }
}
