package dev.soma.processor.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.processor.model.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two linear layers become one only where that saves work at run time and costs little at compile time. */
class LinearFusionTest {
  private static Layer linear(int number, int in, int out) {
    return new Layer(number, in, out, "", List.of(), new double[in * out], new double[out], "layer " + number);
  }

  @Test
  void theLecturesCollapseIsComputedExactly() {
    // W1 = [[1, 2], [3, 4]], b1 = (0.5, -0.5); W2 = [[1, -1]], b2 = (0.25)
    Layer first = new Layer(1, 2, 2, "", List.of(), new double[] {1, 2, 3, 4}, new double[] {0.5, -0.5}, "layer 1");
    Layer second = new Layer(2, 2, 1, "", List.of(), new double[] {1, -1}, new double[] {0.25}, "layer 2");
    Layer fused = LinearFusion.fusePair(first, second);
    assertArrayEquals(new double[] {-2, -2}, fused.weights().orElseThrow());
    assertArrayEquals(new double[] {1.25}, fused.bias().orElseThrow());
  }

  @Test
  void aBottleneckIsNotFused() {
    // 100 -> 2 -> 100: fused 10,000 terms against 400 separately
    assertFalse(LinearFusion.pays(linear(1, 100, 2), linear(2, 2, 100)));
  }

  @Test
  void squareLayersAreFusedWhileTheProductIsCheap() {
    assertTrue(LinearFusion.pays(linear(1, 256, 256), linear(2, 256, 256)));
    // 2048^3 = 8.6e9 multiply-adds at compile time: kept as two layers
    assertFalse(LinearFusion.pays(linear(1, 2048, 2048), linear(2, 2048, 2048)));
    assertEquals(2, LinearFusion.fuse(List.of(linear(1, 2048, 2048), linear(2, 2048, 2048))).size());
  }
}
