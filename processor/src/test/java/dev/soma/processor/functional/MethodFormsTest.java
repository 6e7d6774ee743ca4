package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.processor.networks.SomaShapes_LargeDouble;
import dev.soma.processor.networks.SomaShapes_LargeFloat;
import dev.soma.processor.networks.SomaShapes_SmallDouble;
import dev.soma.processor.networks.SomaShapes_SmallFloat;
import dev.soma.processor.networks.SomaShapes_Square;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The four method forms agree with each other, and bad arguments get clear exceptions. */
class MethodFormsTest {
  @Test
  void formsAgreeOnUnrolledFloat() {
    SomaShapes_SmallFloat network = SomaShapes_SmallFloat.random(21);
    SplittableRandom random = new SplittableRandom(22);
    for (int n = 0; n < 200; n++) {
      float[] x = ReferenceComparisonTest.floats(random, 5);
      float[] returned = network.probabilities(x);
      float[] written = new float[3];
      network.probabilities(x, written);
      assertArrayEquals(returned, written);
      assertEquals(argmax(returned), network.classify(x));
    }
  }

  @Test
  void formsAgreeOnLoopedFloat() {
    SomaShapes_LargeFloat network = SomaShapes_LargeFloat.random(23);
    SplittableRandom random = new SplittableRandom(24);
    for (int n = 0; n < 200; n++) {
      float[] x = ReferenceComparisonTest.floats(random, 20);
      float[] returned = network.probabilities(x);
      float[] written = new float[10];
      network.probabilities(x, written);
      assertArrayEquals(returned, written);
      assertEquals(argmax(returned), network.classify(x));
    }
  }

  @Test
  void formsAgreeInDouble() {
    SomaShapes_SmallDouble small = SomaShapes_SmallDouble.random(25);
    SomaShapes_LargeDouble large = SomaShapes_LargeDouble.random(26);
    SplittableRandom random = new SplittableRandom(27);
    for (int n = 0; n < 200; n++) {
      double[] x = random.doubles(5, -1, 1).toArray();
      double[] y = new double[3];
      small.probabilities(x, y);
      assertArrayEquals(small.probabilities(x), y);
      assertEquals(argmax(y), small.classify(x));
      double[] wide = random.doubles(20, -1, 1).toArray();
      double[] z = new double[10];
      large.probabilities(wide, z);
      assertArrayEquals(large.probabilities(wide), z);
      assertEquals(argmax(z), large.classify(wide));
    }
  }

  @Test
  void outputMayBeTheInputArray() {
    SomaShapes_Square square = SomaShapes_Square.random(28);
    double[] x = new SplittableRandom(29).doubles(30, -1, 1).toArray();
    double[] separate = new double[30];
    square.apply(x, separate);
    square.apply(x, x);
    assertArrayEquals(separate, x);
  }

  @Test
  void wrongLengthsAreRejectedWithBothNumbers() {
    SomaShapes_SmallFloat network = SomaShapes_SmallFloat.random(30);
    IllegalArgumentException input =
        assertThrows(IllegalArgumentException.class, () -> network.probabilities(new float[4]));
    assertEquals("x has length 4; expected 5", input.getMessage());
    IllegalArgumentException output =
        assertThrows(IllegalArgumentException.class, () -> network.probabilities(new float[5], new float[2]));
    assertEquals("y has length 2; expected 3", output.getMessage());
    assertThrows(NullPointerException.class, () -> network.classify(null));
  }

  @Test
  void wrongWeightShapesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SomaShapes_LargeFloat(new float[][] {new float[800], new float[1200], new float[299]},
                new float[][] {new float[40], new float[30], new float[10]}));
    assertTrue(e.getMessage().contains("weights[2] (layer 3, 10 x 30 row-major) has length 299; expected 300"), e.getMessage());
  }

  @Test
  void weightsRoundTripThroughTheConstructor() {
    SomaShapes_LargeFloat network = SomaShapes_LargeFloat.random(31);
    SomaShapes_LargeFloat copy = new SomaShapes_LargeFloat(network.weights(), network.biases());
    float[] x = ReferenceComparisonTest.floats(new SplittableRandom(32), 20);
    assertArrayEquals(network.probabilities(x), copy.probabilities(x));
    assertEquals(20 * 40 + 40 + 40 * 30 + 30 + 30 * 10 + 10, SomaShapes_LargeFloat.PARAMETERS);
  }

  @Test
  void randomIsDeterministicForASeed() {
    assertArrayEquals(SomaShapes_LargeFloat.random(5).weights()[1], SomaShapes_LargeFloat.random(5).weights()[1]);
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
