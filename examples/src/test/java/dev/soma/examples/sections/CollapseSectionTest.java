package dev.soma.examples.sections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollapseSectionTest {
  @Test
  void twoLinearLayersEqualTheFusedLayer() {
    CollapseSection.Collapse collapse = CollapseSection.collapse(4);
    assertTrue(collapse.maxDifference() <= 1e-12, "difference " + collapse.maxDifference());
    assertTrue(Math.abs(collapse.fusedBias()[0]) > 0.01, "biases take part in the check");
  }

  @Test
  void xorIsSolvedWithReluButNotByALinearModel() {
    CollapseSection.Xor xor = CollapseSection.xor();
    assertArrayEquals(new double[] {0, 1, 1, 0}, xor.relu(), 0);
    // Least squares on XOR by hand: by symmetry w1 = w2 = 0 and c = mean(y) = 1/2.
    assertArrayEquals(new double[] {0, 0, 0.5}, xor.linearCoefficients(), 1e-12);
    assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, xor.linear(), 1e-12);
  }

  @Test
  void gradientDescentLearnsXorWithReluFromMostStarts() {
    List<CollapseSection.XorRun> runs = CollapseSection.trainXor(10, null);
    long solved = runs.stream().filter(CollapseSection.XorRun::solved).count();
    assertTrue(solved >= 8, runs.toString());
    for (CollapseSection.XorRun run : runs) {
      if (run.solved()) {
        assertArrayEquals(new double[] {0, 1, 1, 0}, run.outputs(), 1e-3);
      }
    }
  }

  @Test
  void compilingTwoStackedLayersWarns() {
    CompilerDemo.Outcome outcome = CompilerDemo.compile("Stacked", CollapseSection.STACKED_SOURCE);
    if (outcome.unavailableBecause() == null) {
      assertTrue(
          outcome.diagnostics().stream()
              .anyMatch(d -> d.startsWith("warning: Stacked.java:5:") && d.contains("W' = W2 W1")),
          outcome.diagnostics().toString());
    }
  }
}
