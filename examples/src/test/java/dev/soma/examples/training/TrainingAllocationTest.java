package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Training allocates nothing per example: after warm-up, a fit over ten times the examples
 * allocates no more than a fit over a tenth of them (what remains per fit is the run's bookkeeping,
 * one report per epoch and the returned model).
 */
class TrainingAllocationTest {
  @Test
  void trainingAllocatesNothingPerExample() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    SplittableRandom random = new SplittableRandom(3);
    float[][] many = new float[10_000][784];
    int[] manyLabels = new int[many.length];
    for (int k = 0; k < many.length; k++) {
      for (int j = 0; j < 784; j += 3) {
        many[k][j] = (float) random.nextDouble();
      }
      manyLabels[k] = random.nextInt(10);
    }
    float[][] few = java.util.Arrays.copyOf(many, 1_000);
    int[] fewLabels = java.util.Arrays.copyOf(manyLabels, few.length);
    TrainingOptions options =
        TrainingOptions.of(Loss.CROSS_ENTROPY)
            .optimizer(Optimizer.sgd(0.01).momentum(0.9))
            .batchSize(50)
            .epochs(2);
    SomaFashionMlpTrainer manyTrainer = new SomaFashionMlpTrainer(options);
    SomaFashionMlpTrainer fewTrainer = new SomaFashionMlpTrainer(options);
    for (int warmUp = 0; warmUp < 2; warmUp++) {
      manyTrainer.fit(many, manyLabels);
      fewTrainer.fit(few, fewLabels);
    }

    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    fewTrainer.fit(few, fewLabels);
    long fewBytes = threads.getThreadAllocatedBytes(thread) - before;
    before = threads.getThreadAllocatedBytes(thread);
    manyTrainer.fit(many, manyLabels);
    long manyBytes = threads.getThreadAllocatedBytes(thread) - before;

    // What a fit allocates whatever its size: the returned model, whose weights are copied to
    // rows and back to one array per input column, and a few small objects per fit and epoch.
    long model = 2 * 4 * SomaFashionMlp.PARAMETERS;
    assertTrue(
        fewBytes < model + 64 * 1024,
        "a fit allocated " + fewBytes + " bytes; the model takes " + model);
    assertTrue(
        manyBytes - fewBytes < 4096,
        "18,000 more examples allocated "
            + (manyBytes - fewBytes)
            + " more bytes ("
            + fewBytes
            + " vs "
            + manyBytes
            + ")");
  }
}
