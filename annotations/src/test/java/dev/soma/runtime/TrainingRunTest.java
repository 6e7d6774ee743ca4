package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.train.EpochReport;
import dev.soma.train.Loss;
import dev.soma.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingRunTest {
  @Test
  void shuffleIsASeededPermutation() {
    int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    int[] b = a.clone();
    TrainingRun.shuffle(a, new SplittableRandom(5));
    TrainingRun.shuffle(b, new SplittableRandom(5));
    assertEquals(Arrays.toString(a), Arrays.toString(b));
    assertNotEquals("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", Arrays.toString(a));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertEquals("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", Arrays.toString(sorted));
  }

  @Test
  void earlyStoppingWaitsForPatienceEpochsWithoutImprovement() {
    List<EpochReport> seen = new ArrayList<>();
    TrainingOptions options =
        TrainingOptions.of(Loss.MSE).epochs(100).earlyStopping(2, 0.01).progress(seen::add);
    TrainingRun run = new TrainingRun(options, 4, null);
    double[] losses = {1.0, 0.5, 0.495, 0.6, 0.3};
    int epochs = 0;
    while (run.nextEpoch()) {
      run.trained(4 * losses[epochs], 2);
      run.finish(0, 0, 0);
      epochs++;
    }
    // 0.495 and 0.6 do not beat 0.5 by more than 0.01: stop after the fourth epoch.
    assertEquals(4, epochs);
    assertEquals(4, seen.size());
    assertEquals(0.495, seen.get(2).loss(), 1e-15);
    assertEquals(0.5, seen.get(2).accuracy());
    assertFalse(seen.get(0).validated());
  }

  @Test
  void reportLineReadsWell() {
    EpochReport report = new EpochReport(3, 0.31214, 0.88523, 0.35, 0.8712, 60000, 3.0);
    assertEquals(
        "epoch 3: loss 0.3121, accuracy 88.52 %, validation loss 0.3500, accuracy 87.12 %; 3.00 s,"
            + " 20,000 examples/s",
        report.toString());
    assertTrue(report.validated());
  }
}
