package dev.soma.examples.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.examples.training.ParameterLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LandscapeSectionTest {
  @Test
  void regressionLossIsAConvexBowlWithItsMinimumAtLeastSquares() {
    LandscapeSection.Landscape bowl = LandscapeSection.bowl();
    assertEquals(0, bowl.concaveFraction(), 0);
    assertEquals(bowl.centreLoss(), bowl.min(), 1e-12);
  }

  @Test
  void filterNormalisedDirectionHasTheWeightsRowNorms() {
    ParameterLayout layout = new ParameterLayout(2, 3, 1);
    double[] centre = new double[layout.count()];
    Random random = new Random(1);
    for (int i = 0; i < centre.length; i++) {
      centre[i] = random.nextGaussian();
    }
    double[] d = LandscapeSection.filterNormalisedDirection(layout, centre, new Random(2));
    for (int l = 0; l < layout.layers(); l++) {
      int offset = layout.weightOffset(l);
      for (int row = 0; row < layout.out(l); row++) {
        double dNorm = 0;
        double wNorm = 0;
        for (int j = 0; j < layout.in(l); j++) {
          dNorm += Math.pow(d[offset + row * layout.in(l) + j], 2);
          wNorm += Math.pow(centre[offset + row * layout.in(l) + j], 2);
        }
        assertEquals(Math.sqrt(wNorm), Math.sqrt(dNorm), 1e-12);
      }
      for (int b = 0; b < layout.out(l); b++) {
        assertEquals(0, d[offset + layout.in(l) * layout.out(l) + b], 0);
      }
    }
  }
}
