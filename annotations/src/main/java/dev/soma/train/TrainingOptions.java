package dev.soma.train;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How a generated trainer trains: loss, optimizer, epochs, mini-batch size, seed, progress output
 * and early stopping. Immutable; every setter returns a changed copy.
 *
 * <pre>{@code
 * TrainingOptions options =
 *     TrainingOptions.of(Loss.CROSS_ENTROPY)
 *         .optimizer(Optimizer.adam(1e-3))
 *         .epochs(10)
 *         .batchSize(64)
 *         .seed(42)
 *         .progress(System.out::println);
 * }</pre>
 *
 * <p>Defaults: {@code Optimizer.adam(1e-3)}, 10 epochs, batches of 32, seed 0, shuffled every
 * epoch, no progress output, no early stopping. The seed fixes the initial weights (when the
 * trainer starts from random ones) and the shuffling, so training on one thread is deterministic.
 */
public final class TrainingOptions {
  private Loss loss;
  private Optimizer optimizer;
  private int epochs;
  private int batchSize;
  private long seed;
  private boolean shuffle;
  private int patience;
  private double minImprovement;
  private Predicate<EpochReport> stopWhen;
  private Consumer<EpochReport> progress;

  private TrainingOptions(Loss loss) {
    this.loss = Objects.requireNonNull(loss, "loss");
    this.optimizer = Optimizer.adam(1e-3);
    this.epochs = 10;
    this.batchSize = 32;
    this.shuffle = true;
    this.stopWhen = report -> false;
    this.progress = report -> {};
  }

  /** Default options minimising {@code loss}. */
  public static TrainingOptions of(Loss loss) {
    return new TrainingOptions(loss);
  }

  private TrainingOptions copy() {
    TrainingOptions copy = new TrainingOptions(loss);
    copy.optimizer = optimizer;
    copy.epochs = epochs;
    copy.batchSize = batchSize;
    copy.seed = seed;
    copy.shuffle = shuffle;
    copy.patience = patience;
    copy.minImprovement = minImprovement;
    copy.stopWhen = stopWhen;
    copy.progress = progress;
    return copy;
  }

  /** The loss to minimise; it must fit the output layer's activation (checked by {@code fit}). */
  public TrainingOptions loss(Loss loss) {
    TrainingOptions copy = copy();
    copy.loss = Objects.requireNonNull(loss, "loss");
    return copy;
  }

  /** How gradients become weight updates, for example {@code Optimizer.sgd(0.1).momentum(0.9)}. */
  public TrainingOptions optimizer(Optimizer optimizer) {
    TrainingOptions copy = copy();
    copy.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    return copy;
  }

  /** The most epochs to train (early stopping may end sooner). */
  public TrainingOptions epochs(int epochs) {
    TrainingOptions copy = copy();
    copy.epochs = positive(epochs, "epochs");
    return copy;
  }

  /** Examples per mini-batch: one optimizer step per batch, on the batch's mean gradient. */
  public TrainingOptions batchSize(int batchSize) {
    TrainingOptions copy = copy();
    copy.batchSize = positive(batchSize, "batch size");
    return copy;
  }

  /** Seed for the initial weights and the shuffling. */
  public TrainingOptions seed(long seed) {
    TrainingOptions copy = copy();
    copy.seed = seed;
    return copy;
  }

  /**
   * Whether to visit the examples in a new seeded random order each epoch (default) or in order.
   */
  public TrainingOptions shuffle(boolean shuffle) {
    TrainingOptions copy = copy();
    copy.shuffle = shuffle;
    return copy;
  }

  /**
   * Early stopping: stop once the monitored loss (validation loss when a validation set is given,
   * else training loss) has not improved on its best by more than {@code minImprovement} for {@code
   * patience} epochs in a row. The weights of the last epoch are kept.
   */
  public TrainingOptions earlyStopping(int patience, double minImprovement) {
    TrainingOptions copy = copy();
    copy.patience = positive(patience, "patience");
    copy.minImprovement = minImprovement;
    return copy;
  }

  /**
   * Stop after the first epoch whose report satisfies {@code condition}, e.g. {@code r ->
   * r.accuracy() == 1}.
   */
  public TrainingOptions stopWhen(Predicate<EpochReport> condition) {
    TrainingOptions copy = copy();
    copy.stopWhen = Objects.requireNonNull(condition, "condition");
    return copy;
  }

  /** Called after every epoch, e.g. {@code System.out::println} prints one line per epoch. */
  public TrainingOptions progress(Consumer<EpochReport> listener) {
    TrainingOptions copy = copy();
    copy.progress = Objects.requireNonNull(listener, "listener");
    return copy;
  }

  /** The loss minimised. */
  public Loss loss() {
    return loss;
  }

  /** The optimizer. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The most epochs to train. */
  public int epochs() {
    return epochs;
  }

  /** Examples per mini-batch. */
  public int batchSize() {
    return batchSize;
  }

  /** The seed of the initial weights and the shuffling. */
  public long seed() {
    return seed;
  }

  /** Whether examples are visited in a new random order each epoch. */
  public boolean shuffle() {
    return shuffle;
  }

  /** Epochs without improvement before stopping; 0: no early stopping on the loss. */
  public int patience() {
    return patience;
  }

  /** The improvement of the monitored loss that counts for early stopping. */
  public double minImprovement() {
    return minImprovement;
  }

  /** The condition after which training stops; never true by default. */
  public Predicate<EpochReport> stopWhen() {
    return stopWhen;
  }

  /** The listener called after every epoch; does nothing by default. */
  public Consumer<EpochReport> progress() {
    return progress;
  }

  private static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " is " + value + "; expected at least 1");
    }
    return value;
  }

  @Override
  public String toString() {
    return "TrainingOptions["
        + loss
        + ", "
        + optimizer
        + ", "
        + epochs
        + " epochs, batches of "
        + batchSize
        + ", seed "
        + seed
        + "]";
  }
}
