package dev.soma.examples.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SaddleSectionTest {
  private final List<SaddleSection.Fraction> fractions =
      SaddleSection.positiveDefiniteFractions(6, 40_000, 8, null);

  @Test
  void smallSizesMatchExactProbabilities() {
    // N = 1: a single normal number is positive half the time.
    SaddleSection.Fraction one = fractions.get(0);
    assertEquals(0.5, one.fraction(), 4 * one.standardError());
    // N = 2, GOE: from the joint eigenvalue density |l1 - l2| exp(-(l1^2 + l2^2)/2), the
    // probability that both are positive is (2 - sqrt 2) / 4.
    SaddleSection.Fraction two = fractions.get(1);
    assertEquals((2 - Math.sqrt(2)) / 4, two.fraction(), 4 * two.standardError());
  }

  @Test
  void fractionShrinksWithDimensionFasterThanIndependentSigns() {
    for (int i = 1; i < fractions.size(); i++) {
      SaddleSection.Fraction f = fractions.get(i);
      assertTrue(f.fraction() <= fractions.get(i - 1).fraction(), "N = " + f.size());
      assertTrue(f.fraction() < f.independentSigns(), "N = " + f.size());
    }
    assertTrue(fractions.get(4).fraction() < 1e-3, "N = 5");
  }

  @Test
  void criticalPointsOfTheTinyNetworkIncludeMinimaBelowSaddles() {
    List<SaddleSection.CriticalPoint> points = SaddleSection.criticalPoints(8, null);
    double lowestMinimum = Double.POSITIVE_INFINITY;
    double highestSaddle = Double.NEGATIVE_INFINITY;
    for (SaddleSection.CriticalPoint p : points) {
      assertTrue(p.gradientNorm() <= SaddleSection.GRADIENT_TOLERANCE, p.toString());
      assertEquals(10, p.negative() + p.nearZero() + p.positive());
      if (p.negative() == 0) {
        lowestMinimum = Math.min(lowestMinimum, p.loss());
      } else {
        highestSaddle = Math.max(highestSaddle, p.loss());
      }
    }
    assertTrue(lowestMinimum < highestSaddle, points.toString());
    assertEquals(0, points.get(0).negative(), "the lowest critical point is a minimum");
  }
}
