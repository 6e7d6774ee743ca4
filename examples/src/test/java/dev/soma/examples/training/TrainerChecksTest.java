package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.train.Loss;
import dev.soma.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** Training that cannot work fails at once, saying why. */
class TrainerChecksTest {
  @Test
  void crossEntropyNeedsSoftmax() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SomaGradientNetworks_SigmoidOutputTrainer(TrainingOptions.of(Loss.CROSS_ENTROPY)));
    assertEquals(
        "loss CROSS_ENTROPY needs an output layer ending in SOFTMAX, but the output layer is layer"
            + " 2 (dense 4 -> 2, sigmoid) ending in SIGMOID; add @Activation(SOFTMAX) to it, or use"
            + " BINARY_CROSS_ENTROPY, or use MSE",
        e.getMessage());
  }

  @Test
  void binaryCrossEntropyNeedsSigmoid() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SomaGradientNetworks_ReluTrainer(TrainingOptions.of(Loss.BINARY_CROSS_ENTROPY)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "loss BINARY_CROSS_ENTROPY needs an output layer ending in SIGMOID, but the"
                    + " output layer is layer 3 (dense 3 -> 2, linear) ending in IDENTITY"),
        e.getMessage());
  }

  @Test
  void stepCannotBeTrained() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SomaGradientNetworks_StepHiddenTrainer(
                    TrainingOptions.of(Loss.BINARY_CROSS_ENTROPY)));
    assertTrue(
        e.getMessage().startsWith("layer 1 (dense 2 -> 2, step) uses STEP, whose gradient is zero"),
        e.getMessage());
  }

  @Test
  void labelsOutOfRangeAreNamed() {
    SomaXorNetworks_LinearTrainer trainer =
        new SomaXorNetworks_LinearTrainer(TrainingOptions.of(Loss.MSE));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> trainer.fit(new float[][] {{0, 0}, {1, 1}}, new int[] {0, 2}));
    assertEquals("labels[1] is 2; expected a class in [0, 2)", e.getMessage());
  }

  @Test
  void inputsOfTheWrongLengthAreNamed() {
    SomaXorNetworks_LinearTrainer trainer =
        new SomaXorNetworks_LinearTrainer(TrainingOptions.of(Loss.MSE));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> trainer.fit(new float[][] {{0, 0}, {1, 1, 1}}, new int[] {0, 1}));
    assertEquals("inputs[1] has length 3; expected 2", e.getMessage());
  }
}
