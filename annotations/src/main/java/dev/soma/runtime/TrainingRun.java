package dev.soma.runtime;

import dev.soma.train.EpochReport;
import dev.soma.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The bookkeeping of one call to a generated trainer's {@code fit}: the order examples are visited
 * in (reshuffled each epoch from the seed), timing, progress reports and the decision to stop. The
 * numerical work stays in the generated code.
 *
 * <pre>{@code
 * while (run.nextEpoch()) {
 *   ... train on run.order() in batches, summing loss and counting correct answers ...
 *   run.trained(lossSum, correct);
 *   ... optionally evaluate a validation set ...
 *   run.finish(validationLossSum, validationCorrect, validationCount);
 * }
 * }</pre>
 */
public final class TrainingRun {
  private final TrainingOptions options;
  private final SplittableRandom random;
  private final int[] order;
  private final List<EpochReport> reports = new ArrayList<>();
  private long started;
  private double trainingSeconds;
  private double lossSum;
  private int correct;
  private double best = Double.POSITIVE_INFINITY;
  private int epochsWithoutImprovement;
  private boolean stopped;

  /**
   * @param order a reusable array of at least {@code examples} ints, or null to allocate one
   */
  public TrainingRun(TrainingOptions options, int examples, int[] order) {
    this.options = options;
    this.random = new SplittableRandom(options.seed() ^ 0x9E3779B97F4A7C15L);
    this.order = order != null && order.length == examples ? order : new int[examples];
    for (int k = 0; k < examples; k++) {
      this.order[k] = k;
    }
  }

  /**
   * Whether another epoch runs; if so, the examples are reshuffled (when shuffling) and the clock
   * starts.
   */
  public boolean nextEpoch() {
    if (stopped || reports.size() >= options.epochs()) {
      return false;
    }
    if (options.shuffle()) {
      shuffle(order, random);
    }
    started = System.nanoTime();
    return true;
  }

  /** The indices of the examples, in this epoch's order. */
  public int[] order() {
    return order;
  }

  /** Ends the training part of the epoch: the sum of per-example losses and the correct answers. */
  public void trained(double lossSum, int correct) {
    this.trainingSeconds = (System.nanoTime() - started) * 1e-9;
    this.lossSum = lossSum;
    this.correct = correct;
  }

  /**
   * Ends the epoch: reports progress and decides whether to stop.
   *
   * @param validationCount examples in the validation set, 0 if none
   */
  public EpochReport finish(double validationLossSum, int validationCorrect, int validationCount) {
    int n = order.length;
    boolean validated = validationCount > 0;
    EpochReport report =
        new EpochReport(
            reports.size() + 1,
            lossSum / n,
            (double) correct / n,
            validated ? validationLossSum / validationCount : Double.NaN,
            validated ? (double) validationCorrect / validationCount : Double.NaN,
            n,
            trainingSeconds);
    reports.add(report);
    options.progress().accept(report);
    double monitored = validated ? report.validationLoss() : report.loss();
    if (monitored < best - options.minImprovement()) {
      best = monitored;
      epochsWithoutImprovement = 0;
    } else {
      epochsWithoutImprovement++;
    }
    boolean patienceRanOut =
        options.patience() > 0 && epochsWithoutImprovement >= options.patience();
    stopped = patienceRanOut || options.stopWhen().test(report) || Double.isNaN(report.loss());
    return report;
  }

  /** The reports of the epochs so far. */
  public List<EpochReport> reports() {
    return List.copyOf(reports);
  }

  /** Fisher-Yates shuffle of {@code order}, driven by {@code random}. */
  public static void shuffle(int[] order, SplittableRandom random) {
    for (int k = order.length - 1; k > 0; k--) {
      int other = random.nextInt(k + 1);
      int swap = order[k];
      order[k] = order[other];
      order[other] = swap;
    }
  }
}
