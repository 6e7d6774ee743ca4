package dev.soma.train;

import java.util.Locale;

/**
 * What one epoch of training measured. Accuracy counts an example as right when the index of the
 * largest output equals the label (for one output: when output and target differ by less than 0.5,
 * that is, a 0/1 target on the right side of 0.5). Validation figures are NaN when no validation
 * set was given.
 *
 * @param epoch the epoch's number, from 1
 * @param loss mean training loss over the epoch, measured on each example as it was trained
 * @param accuracy training accuracy over the epoch, in [0, 1]
 * @param validationLoss mean loss on the validation set after the epoch, or NaN
 * @param validationAccuracy accuracy on the validation set after the epoch, or NaN
 * @param examples training examples in the epoch
 * @param seconds wall-clock seconds the training part of the epoch took (not validation)
 */
public record EpochReport(
    int epoch,
    double loss,
    double accuracy,
    double validationLoss,
    double validationAccuracy,
    int examples,
    double seconds) {

  /** Training examples per second. */
  public double examplesPerSecond() {
    return examples / seconds;
  }

  /** Whether the epoch had a validation set. */
  public boolean validated() {
    return !Double.isNaN(validationLoss);
  }

  /** A progress line: {@code epoch 3: loss 0.3121, accuracy 88.52 %, ... 61,234 examples/s}. */
  @Override
  public String toString() {
    String validation =
        validated()
            ? String.format(
                Locale.ROOT,
                ", validation loss %.4f, accuracy %.2f %%",
                validationLoss,
                100 * validationAccuracy)
            : "";
    return String.format(
        Locale.ROOT,
        "epoch %d: loss %.4f, accuracy %.2f %%%s; %.2f s, %,.0f examples/s",
        epoch,
        loss,
        100 * accuracy,
        validation,
        seconds,
        examplesPerSecond());
  }
}
