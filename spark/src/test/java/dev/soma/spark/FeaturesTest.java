package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;
import scala.collection.mutable.ArraySeq;
import scala.jdk.javaapi.CollectionConverters;

/** Every shape of input value Spark hands to Java, without a Spark session. */
class FeaturesTest {
  /** 0.1 is not a float: rounding it to float is the one change a float row may make. */
  private static final double TENTH = 0.1;

  private final Features features = new Features("column 'x'", 3);

  @Test
  void everyArrayShapeFillsAFloatRow() {
    float[] expected = {1.5f, -2f, (float) TENTH};
    List<Object> values =
        List.of(
            ArraySeq.make(new float[] {1.5f, -2f, (float) TENTH}),
            ArraySeq.make(new double[] {1.5, -2, TENTH}),
            ArraySeq.make(new Object[] {1.5f, -2f, (float) TENTH}),
            ArraySeq.make(new Object[] {1.5, -2.0, TENTH}),
            CollectionConverters.asScala(List.<Object>of(1.5f, -2f, (float) TENTH)).toSeq(),
            Vectors.dense(1.5, -2, TENTH),
            Vectors.sparse(3, new int[] {0, 1, 2}, new double[] {1.5, -2, TENTH}));
    for (Object value : values) {
      float[] row = new float[3];
      assertTrue(features.fill(value, row), value.getClass().getName());
      assertArrayEquals(expected, row, 0f, value.getClass().getName());
    }
  }

  @Test
  void everyArrayShapeFillsADoubleRow() {
    assertDoubles(new double[] {1.5, -2, TENTH}, ArraySeq.make(new double[] {1.5, -2, TENTH}));
    assertDoubles(new double[] {1.5, -2, TENTH}, ArraySeq.make(new Object[] {1.5, -2.0, TENTH}));
    // floats widen exactly: (double) 0.1f, not 0.1
    assertDoubles(new double[] {1.5, -2, (float) TENTH}, ArraySeq.make(new float[] {1.5f, -2f, (float) TENTH}));
    assertDoubles(new double[] {0, 7, 0}, Vectors.sparse(3, new int[] {1}, new double[] {7}));
  }

  @Test
  void nullIsNoRowAndBadArraysNameTheColumnAndSizes() {
    float[] row = {9, 9, 9};
    assertFalse(features.fill(null, row));
    assertArrayEquals(new float[] {9, 9, 9}, row);
    for (Object shortValue :
        List.of(ArraySeq.make(new float[] {1, 2}), ArraySeq.make(new double[] {1, 2}), ArraySeq.make(new Object[] {1f, 2f}))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> features.fill(shortValue, row));
      assertEquals("column 'x' has an array of 2 values; the network takes 3", e.getMessage());
    }
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> features.fill(ArraySeq.make(new Object[] {1f, null, 2f}), row));
    assertTrue(missing.getMessage().startsWith("column 'x' has an array with a null element at index 1;"), missing.getMessage());
  }

  private void assertDoubles(double[] expected, Object value) {
    double[] row = new double[3];
    assertTrue(features.fill(value, row));
    assertArrayEquals(expected, row, 0);
  }
}
