package dev.soma.train;

/**
 * Adam (Kingma and Ba, 2015): with {@code g} the mean gradient of the mini-batch at step {@code t},
 * {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2} and {@code w -=
 * learningRate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)}.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  Adam(double learningRate, double beta1, double beta2, double epsilon) {
    super(learningRate);
    this.beta1 = fraction(beta1, "beta1");
    this.beta2 = fraction(beta2, "beta2");
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          "epsilon is " + epsilon + "; expected a finite number above 0");
    }
    this.epsilon = epsilon;
  }

  /** The same optimizer with other moment decay rates (defaults 0.9 and 0.999). */
  public Adam betas(double beta1, double beta2) {
    return new Adam(learningRate(), beta1, beta2, epsilon);
  }

  /** The same optimizer with another epsilon (default 1e-8). */
  public Adam epsilon(double epsilon) {
    return new Adam(learningRate(), beta1, beta2, epsilon);
  }

  @Override
  public OptimizerState start() {
    return new State();
  }

  @Override
  public String toString() {
    return "adam(learning rate "
        + learningRate()
        + ", betas "
        + beta1
        + ", "
        + beta2
        + ", epsilon "
        + epsilon
        + ")";
  }

  private final class State extends OptimizerState {
    /** learningRate / (1 - beta1^t) for the current step. */
    private double stepSize;

    /** 1 / sqrt(1 - beta2^t) for the current step. */
    private double rootCorrection;

    State() {
      super(2);
    }

    @Override
    protected void prepare(int step) {
      stepSize = learningRate() / (1 - Math.pow(beta1, step));
      rootCorrection = 1 / Math.sqrt(1 - Math.pow(beta2, step));
    }

    @Override
    protected void update(float[] w, float[] g, float[][] moments, double scale, boolean decays) {
      float[] m = moments[0];
      float[] v = moments[1];
      float s = (float) scale;
      float b1 = (float) beta1;
      float b2 = (float) beta2;
      float c1 = (float) (1 - beta1);
      float c2 = (float) (1 - beta2);
      float size = (float) stepSize;
      float root = (float) rootCorrection;
      float eps = (float) epsilon;
      for (int k = 0; k < w.length; k++) {
        float gk = g[k] * s;
        m[k] = b1 * m[k] + c1 * gk;
        v[k] = b2 * v[k] + c2 * gk * gk;
        w[k] -= size * m[k] / ((float) Math.sqrt(v[k]) * root + eps);
        g[k] = 0;
      }
    }

    @Override
    protected void update(
        double[] w, double[] g, double[][] moments, double scale, boolean decays) {
      double[] m = moments[0];
      double[] v = moments[1];
      for (int k = 0; k < w.length; k++) {
        double gk = g[k] * scale;
        m[k] = beta1 * m[k] + (1 - beta1) * gk;
        v[k] = beta2 * v[k] + (1 - beta2) * gk * gk;
        w[k] -= stepSize * m[k] / (Math.sqrt(v[k]) * rootCorrection + epsilon);
        g[k] = 0;
      }
    }
  }
}
