package dev.soma.examples.training;

/**
 * An objective plus {@code (lambda / 2) |p|^2}. The penalty keeps minima at finite weights (tanh
 * networks otherwise have valleys running off to infinity), so critical points are isolated.
 */
public final class WeightDecay implements Objective {
  private final Objective objective;
  private final double lambda;

  public WeightDecay(Objective objective, double lambda) {
    this.objective = objective;
    this.lambda = lambda;
  }

  @Override
  public int dimension() {
    return objective.dimension();
  }

  @Override
  public double loss(double[] p) {
    double squares = 0;
    for (double v : p) {
      squares += v * v;
    }
    return objective.loss(p) + 0.5 * lambda * squares;
  }
}
