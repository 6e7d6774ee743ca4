package dev.soma.examples.sections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NeuronSectionTest {
  @Test
  void workedExampleGivesTheLecturesNumbers() {
    NeuronSection.WorkedExample example = NeuronSection.workedExample();
    // By hand: 0.1*2 + 0.4*5 + 0.5*1 + 0.5 = 3.2 and 0.2*2 + 0.3*5 + 0.6*1 - 0.1 = 2.4.
    assertArrayEquals(new double[] {3.2, 2.4}, example.z(), 1e-12);
    assertArrayEquals(new double[] {0.1, 0.4, 0.5}, example.weights()[0], 0);
    assertArrayEquals(new double[] {0.2, 0.3, 0.6}, example.weights()[1], 0);
    assertArrayEquals(new double[] {0.5, -0.1}, example.biases(), 0);
  }

  @Test
  void numbersPrintWithoutTrailingZeros() {
    assertEquals("3.2", NeuronSection.num(3.2000000000000006));
    assertEquals("-0.1", NeuronSection.num(-0.1));
    assertEquals("2", NeuronSection.num(2));
    assertEquals("(2, 5, 1)", NeuronSection.vector(new double[] {2, 5, 1}));
  }
}
