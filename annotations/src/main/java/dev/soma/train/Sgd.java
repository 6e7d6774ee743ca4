package dev.soma.train;

/**
 * Stochastic gradient descent with optional momentum and L2 weight decay, in the usual form: with
 * {@code g} the mean gradient of the mini-batch plus {@code weightDecay * w} (weights only, not
 * biases), {@code v = momentum * v + g} and {@code w -= learningRate * v}.
 */
public final class Sgd extends Optimizer {
  private final double momentum;
  private final double weightDecay;

  Sgd(double learningRate, double momentum, double weightDecay) {
    super(learningRate);
    this.momentum = fraction(momentum, "momentum");
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          "weight decay is " + weightDecay + "; expected a finite number >= 0");
    }
    this.weightDecay = weightDecay;
  }

  /** The same optimizer with momentum {@code momentum} in [0, 1), for example 0.9. */
  public Sgd momentum(double momentum) {
    return new Sgd(learningRate(), momentum, weightDecay);
  }

  /** The same optimizer with L2 weight decay {@code weightDecay} on weights, for example 5e-4. */
  public Sgd weightDecay(double weightDecay) {
    return new Sgd(learningRate(), momentum, weightDecay);
  }

  /** The momentum, in [0, 1); 0 for plain gradient descent. */
  public double momentum() {
    return momentum;
  }

  /** The L2 weight decay applied to weights (not biases); 0 for none. */
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public OptimizerState start() {
    return new State();
  }

  @Override
  public String toString() {
    return "sgd(learning rate "
        + learningRate()
        + ", momentum "
        + momentum
        + ", weight decay "
        + weightDecay
        + ")";
  }

  private final class State extends OptimizerState {
    State() {
      super(momentum > 0 ? 1 : 0);
    }

    @Override
    protected void update(float[] w, float[] g, float[][] moments, double scale, boolean decays) {
      float lr = (float) learningRate();
      float s = (float) scale;
      float decay = decays ? (float) weightDecay : 0f;
      if (moments.length == 0) {
        for (int k = 0; k < w.length; k++) {
          w[k] -= lr * (g[k] * s + decay * w[k]);
          g[k] = 0;
        }
      } else {
        float mu = (float) momentum;
        float[] v = moments[0];
        for (int k = 0; k < w.length; k++) {
          v[k] = mu * v[k] + (g[k] * s + decay * w[k]);
          w[k] -= lr * v[k];
          g[k] = 0;
        }
      }
    }

    @Override
    protected void update(
        double[] w, double[] g, double[][] moments, double scale, boolean decays) {
      double lr = learningRate();
      double decay = decays ? weightDecay : 0;
      if (moments.length == 0) {
        for (int k = 0; k < w.length; k++) {
          w[k] -= lr * (g[k] * scale + decay * w[k]);
          g[k] = 0;
        }
      } else {
        double[] v = moments[0];
        for (int k = 0; k < w.length; k++) {
          v[k] = momentum * v[k] + (g[k] * scale + decay * w[k]);
          w[k] -= lr * v[k];
          g[k] = 0;
        }
      }
    }
  }
}
