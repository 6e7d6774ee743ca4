package dev.soma.examples.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The section's claims, measured: LayerNorm trains better at small and moderate learning rates. */
class LayerNormSectionTest {
  @Test
  void layerNormReachesALowerErrorUpToModerateLearningRates() {
    for (double learningRate : new double[] {0.001, 0.01, 0.1}) {
      LayerNormSection.Curves curves = LayerNormSection.train(learningRate);
      assertEquals(LayerNormSection.EPOCHS, curves.plain().length);
      assertEquals(LayerNormSection.EPOCHS, curves.normalised().length);
      double plain = curves.plain()[LayerNormSection.EPOCHS - 1];
      double normalised = curves.normalised()[LayerNormSection.EPOCHS - 1];
      assertTrue(normalised < plain, learningRate + ": LayerNorm " + normalised + ", plain " + plain);
      if (learningRate == LayerNormSection.LEARNING_RATE) {
        assertTrue(normalised < plain / 3, "LayerNorm " + normalised + ", plain " + plain);
      }
    }
  }

  @Test
  void atALargeLearningRateTheLayerNormNetworkDiverges() {
    LayerNormSection.Curves curves = LayerNormSection.train(0.3);
    assertEquals("diverged", LayerNormSection.last(curves.normalised()));
    assertTrue(LayerNormSection.last(curves.plain()).matches("[0-9.e+-]+"), LayerNormSection.last(curves.plain()));
  }
}
