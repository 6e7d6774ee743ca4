package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Softmax in place on float and double ranges. */
class SoftmaxTest {
  /** 1 / (1 + e) and e / (1 + e): softmax of {0, 1}, and of {1000, 1001}. */
  private static final double LOWER = 0.2689414213699951;

  private static final double UPPER = 0.7310585786300049;

  @Test
  void hugeValuesDoNotOverflow() {
    double[] values = {1000, 1001};
    Activations.softmax(values, 0, 2);
    assertArrayEquals(new double[] {LOWER, UPPER}, values, 1e-16);
    float[] floats = {1000, 1001};
    Activations.softmax(floats, 0, 2);
    assertArrayEquals(new float[] {(float) LOWER, (float) UPPER}, floats, 0);
  }

  @Test
  void veryNegativeValuesUnderflowToZeroBesideTheMaximum() {
    double[] values = {-1000, 0};
    Activations.softmax(values, 0, 2);
    assertArrayEquals(new double[] {0, 1}, values, 0);
  }

  @Test
  void equalValuesGiveTheUniformDistribution() {
    float[] values = {3, 3, 3, 3};
    Activations.softmax(values, 0, 4);
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, values, 0);
  }

  @Test
  void onlyTheRangeChanges() {
    double[] values = {5, 0, 1, 5};
    Activations.softmax(values, 1, 3);
    assertArrayEquals(new double[] {5, LOWER, UPPER, 5}, values, 1e-16);
    float[] floats = {5, 0, 1, 5};
    Activations.softmax(floats, 1, 3);
    assertArrayEquals(new float[] {5, (float) LOWER, (float) UPPER, 5}, floats, 0);
    Activations.softmax(floats, 2, 2);
    assertEquals((float) UPPER, floats[2]);
  }

  @Test
  void nanAnywhereMakesTheRangeNaN() {
    double[] values = {1, Double.NaN, 2};
    Activations.softmax(values, 0, 3);
    for (double value : values) {
      assertTrue(Double.isNaN(value));
    }
    float[] floats = {Float.NaN, 1, 2};
    Activations.softmax(floats, 0, 3);
    for (float value : floats) {
      assertTrue(Float.isNaN(value));
    }
  }

  @Test
  void minusInfinityBesideFiniteValuesGetsProbabilityZero() {
    float[] values = {Float.NEGATIVE_INFINITY, 0, 1};
    Activations.softmax(values, 0, 3);
    assertArrayEquals(new float[] {0, (float) LOWER, (float) UPPER}, values, 0);
  }

  @Test
  void infinityHasNoSoftmaxAndGivesNaN() {
    double[] values = {Double.POSITIVE_INFINITY, 0};
    Activations.softmax(values, 0, 2);
    assertTrue(Double.isNaN(values[0]) && Double.isNaN(values[1]));
  }

  @Test
  void rangesOutsideTheArrayAreRejected() {
    assertThrows(IndexOutOfBoundsException.class, () -> Activations.softmax(new float[2], 1, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> Activations.softmax(new double[2], 2, 1));
  }

  /** Random vectors against e^v_i / sum e^v_k in BigDecimal, without subtracting the maximum. */
  @Test
  void randomVectorsMatchTheExactSoftmax() {
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(12);
      double spread = trial % 2 == 0 ? 5 : 300;
      double[] values = new double[n];
      float[] floats = new float[n];
      BigDecimal[] exponentials = new BigDecimal[n];
      BigDecimal sum = BigDecimal.ZERO;
      for (int i = 0; i < n; i++) {
        floats[i] = (float) (spread * (2 * random.nextDouble() - 1));
        values[i] = floats[i];
        exponentials[i] = BigMath.exp(new BigDecimal(floats[i]));
        sum = sum.add(exponentials[i]);
      }
      Activations.softmax(values, 0, n);
      Activations.softmax(floats, 0, n);
      for (int i = 0; i < n; i++) {
        BigDecimal exact = exponentials[i].divide(sum, MathContext.DECIMAL128);
        assertTrue(Ulps.within(values[i], exact, 3), () -> "double softmax " + exact);
        assertTrue(
            Ulps.of(floats[i], exact) <= 2 || exact.floatValue() == 0, () -> "float " + exact);
      }
    }
  }
}
