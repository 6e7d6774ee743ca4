package dev.soma.examples.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartySectionTest {
  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void probabilitiesAreTheSigmoidOfTheWeightedSum() {
    double[] importance = {1, 2, 4};
    double[] p = PartySection.probabilities(importance, -3);
    assertEquals(sigmoid(-3), p[0], 1e-15); // nothing good
    assertEquals(sigmoid(4 - 3), p[1], 1e-15); // company only
    assertEquals(sigmoid(1 + 2 + 4 - 3), p[7], 1e-15); // everything good
  }

  @Test
  void moreEagernessRaisesEveryProbability() {
    double[] low = PartySection.probabilities(PartySection.IMPORTANCE, -5);
    double[] high = PartySection.probabilities(PartySection.IMPORTANCE, -1);
    for (int i = 0; i < 8; i++) {
      assertTrue(high[i] > low[i], "input " + i);
    }
  }

  @Test
  void twoLayerDeciderFollowsItsHiddenNeurons() {
    var decider = PartySection.twoLayerDecider();
    // By hand: nothing good -> sigmoid(-2); company only -> sigmoid(2); weather and venue ->
    // sigmoid(2); weather only -> sigmoid(-2); everything -> sigmoid(6).
    assertEquals(sigmoid(-2), decider.attend(0, 0, 0), 1e-6);
    assertEquals(sigmoid(2), decider.attend(0, 0, 1), 1e-6);
    assertEquals(sigmoid(2), decider.attend(1, 1, 0), 1e-6);
    assertEquals(sigmoid(-2), decider.attend(1, 0, 0), 1e-6);
    assertEquals(sigmoid(6), decider.attend(1, 1, 1), 1e-6);
  }
}
