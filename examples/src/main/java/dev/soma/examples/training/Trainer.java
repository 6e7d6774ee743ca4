package dev.soma.examples.training;

import dev.soma.examples.output.Progress;

/** Finds parameters with a small loss. The tour's one is {@link GradientDescent}. */
public interface Trainer {
  /** The parameters reached from {@code start} and the loss after each step. */
  record Result(double[] parameters, double[] losses) {
    /** The final loss. */
    public double finalLoss() {
      return losses[losses.length - 1];
    }
  }

  /** Trains from {@code start}; reports steps to {@code progress} when it is not null. */
  Result train(Objective objective, double[] start, Progress progress);
}
