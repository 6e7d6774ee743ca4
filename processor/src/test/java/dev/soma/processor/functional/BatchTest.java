package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.processor.networks.SomaShapes_LargeDouble;
import dev.soma.processor.networks.SomaShapes_LargeFloat;
import dev.soma.processor.networks.SomaShapes_ReluBatch;
import dev.soma.processor.networks.SomaShapes_SmallFloat;
import dev.soma.processor.networks.SomaShapes_Square;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The batched form gives the same bits as one call per row, for every batch size around the block size. */
class BatchTest {
  private static float[][] rows(int count, int width, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] rows = new float[count][];
    for (int n = 0; n < count; n++) {
      rows[n] = ReferenceComparisonTest.floats(random, width);
    }
    return rows;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 9, 12, 13, 17, 64})
  void loopFormBatchEqualsSingleCalls(int count) {
    SomaShapes_LargeFloat network = SomaShapes_LargeFloat.random(1);
    float[][] xs = rows(count, 20, count);
    float[][] ys = new float[count][10];
    network.probabilities(xs, ys);
    for (int n = 0; n < count; n++) {
      assertArrayEquals(network.probabilities(xs[n]), ys[n], "row " + n);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 13, 64})
  void batchAfterReluSkipsTheSameZerosAsSingleCalls(int count) {
    SomaShapes_ReluBatch network = SomaShapes_ReluBatch.random(9);
    float[][] xs = rows(count, 37, 100 + count);
    float[][] ys = new float[count][6];
    network.predict(xs, ys);
    float[] y = new float[6];
    for (int n = 0; n < count; n++) {
      network.predict(xs[n], y);
      assertArrayEquals(y, ys[n], "row " + n);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 9})
  void unrolledBatchEqualsSingleCalls(int count) {
    SomaShapes_SmallFloat network = SomaShapes_SmallFloat.random(2);
    float[][] xs = rows(count, 5, count);
    float[][] ys = new float[count][3];
    network.probabilities(xs, ys);
    for (int n = 0; n < count; n++) {
      assertArrayEquals(network.probabilities(xs[n]), ys[n], "row " + n);
    }
  }

  @Test
  void doubleBatchEqualsSingleCalls() {
    SomaShapes_LargeDouble network = SomaShapes_LargeDouble.random(3);
    SplittableRandom random = new SplittableRandom(4);
    double[][] xs = new double[19][];
    for (int n = 0; n < xs.length; n++) {
      xs[n] = random.doubles(20, -1, 1).toArray();
    }
    double[][] ys = new double[19][10];
    network.probabilities(xs, ys);
    for (int n = 0; n < xs.length; n++) {
      assertArrayEquals(network.probabilities(xs[n]), ys[n]);
    }
  }

  @Test
  void outputRowsMayBeTheInputRows() {
    SomaShapes_Square square = SomaShapes_Square.random(5);
    SplittableRandom random = new SplittableRandom(6);
    double[][] xs = new double[11][];
    double[][] expected = new double[11][30];
    for (int n = 0; n < xs.length; n++) {
      xs[n] = random.doubles(30, -1, 1).toArray();
      square.apply(xs[n], expected[n]);
    }
    square.apply(xs, xs);
    for (int n = 0; n < xs.length; n++) {
      assertArrayEquals(expected[n], xs[n]);
    }
  }

  @Test
  void badBatchesAreRejectedWithTheRowAndBothNumbers() {
    SomaShapes_LargeFloat network = SomaShapes_LargeFloat.random(7);
    IllegalArgumentException rows =
        assertThrows(IllegalArgumentException.class, () -> network.probabilities(new float[3][20], new float[2][10]));
    assertEquals("xs has 3 rows but ys has 2; give one output row per input row", rows.getMessage());
    float[][] xs = rows(3, 20, 8);
    xs[1] = new float[19];
    IllegalArgumentException row =
        assertThrows(IllegalArgumentException.class, () -> network.probabilities(xs, new float[3][10]));
    assertEquals("xs[1] has length 19; expected 20", row.getMessage());
  }

  @Test
  void anOutputRowThatIsAnotherRowsInputIsRejected() {
    SomaShapes_Square network = SomaShapes_Square.random(3);
    double[][] xs = {new double[30], new double[30], new double[30]};
    double[][] ys = {xs[1], new double[30], new double[30]};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network.apply(xs, ys));
    assertEquals(
        "ys[0] is the same array as xs[1]; rows of a batch are computed together, so give each row an output"
            + " array of its own (the row's own input, ys[n] == xs[n], is fine)",
        e.getMessage());
    double[][] shared = {new double[30], null, new double[30]};
    shared[1] = shared[0];
    assertThrows(IllegalArgumentException.class, () -> network.apply(xs, shared));
    network.apply(xs, xs); // each row in place is fine
  }
}
