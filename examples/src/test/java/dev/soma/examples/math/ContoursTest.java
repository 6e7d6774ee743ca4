package dev.soma.examples.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContoursTest {
  @Test
  void contourOfAParaboloidLiesOnTheCircle() {
    int n = 81;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -2 + 4.0 * i / (n - 1);
    }
    double[][] z = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        z[i][j] = x[i] * x[i] + x[j] * x[j];
      }
    }
    List<Contours.Segment> segments = Contours.at(x, x, z, 1);
    assertTrue(segments.size() > 50);
    double length = 0;
    for (Contours.Segment s : segments) {
      // Linear interpolation of r^2 between grid points: the ends lie within h^2 / 4 of r = 1.
      assertEquals(1, Math.hypot(s.x1(), s.y1()), 0.01);
      assertEquals(1, Math.hypot(s.x2(), s.y2()), 0.01);
      length += Math.hypot(s.x2() - s.x1(), s.y2() - s.y1());
    }
    assertEquals(2 * Math.PI, length, 0.01);
  }
}
