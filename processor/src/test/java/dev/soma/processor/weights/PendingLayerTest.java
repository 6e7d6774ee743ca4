package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.Activation.Kind;
import org.junit.jupiter.api.Test;

/** The arithmetic that folds constants and batch normalisation into a layer, by hand. */
class PendingLayerTest {
  /** in = 2, out = 1: W = [1, 2], b = [3]. */
  static PendingLayer layer() {
    return new PendingLayer("fc", 2, 1, new double[] {1, 2}, new double[] {3});
  }

  @Test
  void layoutTurnsInByOutIntoRowMajorOutByIn() {
    // [in = 2, out = 3] = [[1, 2, 3], [4, 5, 6]] is, out x in, [[1, 4], [2, 5], [3, 6]].
    assertArrayEquals(
        new double[] {1, 4, 2, 5, 3, 6},
        PendingLayer.layout(new double[] {1, 2, 3, 4, 5, 6}, 2, 3, false));
  }

  @Test
  void constantMinusTheLayerNegatesIt() {
    PendingLayer layer = layer();
    layer.foldAffine("Sub", false, new double[] {10}); // 10 - (x1 + 2 x2 + 3)
    ImportedLayer result = layer.finish();
    assertArrayEquals(new double[] {-1, -2}, result.weights());
    assertArrayEquals(new double[] {7}, result.bias());
  }

  @Test
  void addSubMulDivFoldInOrder() {
    PendingLayer layer = layer();
    layer.foldAffine("Add", true, new double[] {1}); // b = 4
    layer.foldAffine("Mul", true, new double[] {3}); // W = [3, 6], b = 12
    layer.foldAffine("Sub", true, new double[] {2}); // b = 10
    layer.foldAffine("Div", true, new double[] {4}); // W = [0.75, 1.5], b = 2.5
    ImportedLayer result = layer.finish();
    assertArrayEquals(new double[] {0.75, 1.5}, result.weights());
    assertArrayEquals(new double[] {2.5}, result.bias());
  }

  @Test
  void batchNormalisationScalesAndShifts() {
    PendingLayer layer = layer();
    // s = 4 / sqrt(3 + 1) = 2; W = [2, 4]; b = (3 - 3) * 2 + 1 = 1
    layer.foldBatchNorm(1, new double[] {4}, new double[] {1}, new double[] {3}, new double[] {3});
    layer.activate(Kind.LEAKY_RELU, 0.2);
    ImportedLayer result = layer.finish();
    assertArrayEquals(new double[] {2, 4}, result.weights());
    assertArrayEquals(new double[] {1}, result.bias());
    assertEquals(Kind.LEAKY_RELU, result.activation());
    assertEquals(0.2, result.alpha());
  }
}
