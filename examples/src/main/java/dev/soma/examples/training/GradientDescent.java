package dev.soma.examples.training;

import dev.soma.examples.output.Progress;

/** Gradient descent with momentum: {@code v = mu v - eta g; p = p + v}. */
public final class GradientDescent implements Trainer {
  private final double learningRate;
  private final double momentum;
  private final int steps;

  public GradientDescent(double learningRate, double momentum, int steps) {
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.steps = steps;
  }

  @Override
  public Result train(Objective objective, double[] start, Progress progress) {
    double[] p = start.clone();
    double[] v = new double[p.length];
    double[] losses = new double[steps + 1];
    losses[0] = objective.loss(p);
    for (int step = 1; step <= steps; step++) {
      double[] g = objective.gradient(p);
      for (int i = 0; i < p.length; i++) {
        v[i] = momentum * v[i] - learningRate * g[i];
        p[i] += v[i];
      }
      losses[step] = objective.loss(p);
      if (progress != null) {
        progress.done(step);
      }
    }
    return new Result(p, losses);
  }
}
