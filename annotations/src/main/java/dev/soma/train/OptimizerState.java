package dev.soma.train;

import dev.soma.runtime.Checks;
import java.util.Arrays;

/**
 * The mutable side of an {@link Optimizer} for one training run: the parameter arrays it updates,
 * their gradient accumulators, and per-parameter moment arrays. A trainer registers every parameter
 * array once with {@code add}, accumulates gradients (sums over a mini-batch) into the registered
 * gradient arrays, then calls {@link #step} once per mini-batch; a step allocates nothing and
 * leaves every gradient array zero.
 */
public abstract class OptimizerState {
  private final int moments;

  /** Per slot: the parameters, a {@code float[]} or {@code double[]}. */
  private Object[] weights = {};

  /** Per slot: the gradient sums, of the parameters' type and length. */
  private Object[] gradients = {};

  /** Per slot: {@code moments} arrays of the parameters' type and length. */
  private Object[] momentArrays = {};

  private boolean[] decays = {};
  private int steps;

  /**
   * @param moments arrays of state the optimizer keeps per parameter array
   */
  protected OptimizerState(int moments) {
    this.moments = moments;
  }

  /**
   * Registers parameters and the array their gradients are summed into.
   *
   * @param decays whether weight decay applies (weights yes, biases no)
   */
  public final void add(float[] parameters, float[] gradient, boolean decays) {
    Checks.length(gradient, parameters.length, "gradient");
    addSlot(parameters, gradient, new float[moments][parameters.length], decays);
  }

  /** Registers parameters and their gradient array; see {@link #add(float[], float[], boolean)}. */
  public final void add(double[] parameters, double[] gradient, boolean decays) {
    Checks.length(gradient, parameters.length, "gradient");
    addSlot(parameters, gradient, new double[moments][parameters.length], decays);
  }

  private void addSlot(Object parameters, Object gradient, Object momentArrays, boolean decays) {
    int slot = weights.length;
    this.weights = Arrays.copyOf(weights, slot + 1);
    this.gradients = Arrays.copyOf(gradients, slot + 1);
    this.momentArrays = Arrays.copyOf(this.momentArrays, slot + 1);
    this.decays = Arrays.copyOf(this.decays, slot + 1);
    this.weights[slot] = parameters;
    this.gradients[slot] = gradient;
    this.momentArrays[slot] = momentArrays;
    this.decays[slot] = decays;
  }

  /**
   * One optimisation step over every registered array, then zero gradients.
   *
   * @param scale factor turning the accumulated gradients into the mean gradient: 1 / batch size
   */
  public final void step(double scale) {
    steps++;
    prepare(steps);
    for (int k = 0; k < weights.length; k++) {
      if (weights[k] instanceof float[]) {
        update(
            (float[]) weights[k],
            (float[]) gradients[k],
            (float[][]) momentArrays[k],
            scale,
            decays[k]);
      } else {
        update(
            (double[]) weights[k],
            (double[]) gradients[k],
            (double[][]) momentArrays[k],
            scale,
            decays[k]);
      }
    }
  }

  /** Steps taken so far. */
  public final int steps() {
    return steps;
  }

  /** Called at the start of step {@code step} (from 1), before any update. */
  protected void prepare(int step) {}

  /** Updates {@code w} from {@code gradient * scale}, then zeroes the gradient. */
  protected abstract void update(
      float[] w, float[] gradient, float[][] moments, double scale, boolean decays);

  /** Updates {@code w} from {@code gradient * scale}, then zeroes the gradient. */
  protected abstract void update(
      double[] w, double[] gradient, double[][] moments, double scale, boolean decays);
}
