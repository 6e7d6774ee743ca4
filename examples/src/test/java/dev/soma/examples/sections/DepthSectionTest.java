package dev.soma.examples.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DepthSectionTest {
  @Test
  void referenceSawtoothIsTheComposedTentMap() {
    for (double x = 0; x <= 1; x += 1.0 / 97) {
      double tent = 2 * Math.min(x, 1 - x);
      assertEquals(tent, DepthSection.sawtooth(1, x), 1e-15);
      assertEquals(2 * Math.min(tent, 1 - tent), DepthSection.sawtooth(2, x), 1e-12);
    }
    assertEquals(1, DepthSection.sawtooth(6, 1.0 / 64), 0);
    assertEquals(0, DepthSection.sawtooth(6, 1.0 / 32), 0);
  }

  @Test
  void deepNetIsExactWithFewParametersAndNarrowNetsAreNot() {
    List<DepthSection.Row> rows = DepthSection.compare();
    DepthSection.Row deep = rows.get(0);
    assertEquals(0, deep.maxError(), 1e-12);
    assertEquals(6 * 6 + 1, deep.parameters());
    for (DepthSection.Row row : rows.subList(1, rows.size())) {
      // A one-hidden-layer ReLU net with N neurons has at most N + 1 pieces; the sawtooth has 64.
      if (row.parameters() < 3 * 63 + 1) {
        assertTrue(row.maxError() >= 0.5, row.toString());
      } else {
        assertEquals(0, row.maxError(), 1e-12, row.toString());
      }
    }
  }
}
