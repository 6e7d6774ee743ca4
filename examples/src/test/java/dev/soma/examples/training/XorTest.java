package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.train.EpochReport;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** XOR, the lecture's example of a problem no linear model solves. */
class XorTest {
  private static final float[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final int[] LABELS = {0, 1, 1, 0};

  private static final TrainingOptions OPTIONS =
      TrainingOptions.of(Loss.BINARY_CROSS_ENTROPY)
          .optimizer(Optimizer.adam(0.05))
          .batchSize(4)
          .epochs(3000)
          .seed(0);

  /**
   * From seed 0 the 2-2-1 network solves XOR (in 77 epochs when written). Not every seed does: with
   * two hidden tanh units XOR has local minima, and 13 of the seeds 0 to 19 end in one instead.
   */
  @Test
  void twoTwoOneNetworkLearnsXor() {
    SomaXorNetworks_TwoTwoOneTrainer trainer =
        new SomaXorNetworks_TwoTwoOneTrainer(
            OPTIONS.stopWhen(r -> r.accuracy() == 1 && r.loss() < 0.05));
    SomaXorNetworks_TwoTwoOne model = trainer.fit(INPUTS, LABELS);

    assertEquals(1.0, accuracy(model::xor), "accuracy of the returned model on the four points");
    EpochReport last = trainer.history().get(trainer.history().size() - 1);
    assertTrue(last.epoch() < 3000, "stopped early once solved, after " + last.epoch() + " epochs");
    assertTrue(last.loss() < 0.05, "loss " + last.loss());
  }

  @Test
  void sameSeedGivesTheSameWeights() {
    TrainingOptions options = OPTIONS.epochs(200);
    SomaXorNetworks_TwoTwoOne first =
        new SomaXorNetworks_TwoTwoOneTrainer(options).fit(INPUTS, LABELS);
    SomaXorNetworks_TwoTwoOne second =
        new SomaXorNetworks_TwoTwoOneTrainer(options).fit(INPUTS, LABELS);
    SomaXorNetworks_TwoTwoOne other =
        new SomaXorNetworks_TwoTwoOneTrainer(options.seed(8)).fit(INPUTS, LABELS);
    for (int l = 0; l < 2; l++) {
      assertEquals(
          java.util.Arrays.toString(first.weights()[l]),
          java.util.Arrays.toString(second.weights()[l]));
      assertEquals(
          java.util.Arrays.toString(first.biases()[l]),
          java.util.Arrays.toString(second.biases()[l]));
    }
    assertTrue(
        !java.util.Arrays.equals(first.weights()[0], other.weights()[0]),
        "another seed, other weights");
  }

  @Test
  void singleLinearLayerCannotLearnXor() {
    SomaXorNetworks_LinearTrainer trainer = new SomaXorNetworks_LinearTrainer(OPTIONS);
    SomaXorNetworks_Linear model = trainer.fit(INPUTS, LABELS);

    // No line separates {(0,1), (1,0)} from {(0,0), (1,1)}: at most three of four points are right.
    double accuracy = accuracy(model::xor);
    assertTrue(accuracy <= 0.75, "accuracy " + accuracy);
    assertEquals(3000, trainer.history().size(), "trained every epoch");
    // The best a logistic model can do on XOR is output 0.5 everywhere: loss log 2.
    assertEquals(Math.log(2), trainer.history().get(2999).loss(), 1e-3);
  }

  private static double accuracy(BiFunction<Float, Float, Float> xor) {
    int correct = 0;
    for (int k = 0; k < 4; k++) {
      float y = xor.apply(INPUTS[k][0], INPUTS[k][1]);
      correct += (y > 0.5f ? 1 : 0) == LABELS[k] ? 1 : 0;
    }
    return correct / 4.0;
  }
}
