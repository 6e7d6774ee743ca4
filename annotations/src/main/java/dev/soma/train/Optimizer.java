package dev.soma.train;

/**
 * How a trainer turns gradients into weight updates: {@link #sgd} (with optional momentum and
 * weight decay) or {@link #adam}. An optimizer is an immutable description; each training run gets
 * fresh mutable {@link OptimizerState} from {@link #start()}.
 *
 * <pre>{@code
 * Optimizer.sgd(0.1).momentum(0.9).weightDecay(5e-4)
 * Optimizer.adam(1e-3)
 * }</pre>
 */
public abstract class Optimizer {
  private final double learningRate;

  Optimizer(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learning rate is " + learningRate + "; expected a finite number above 0");
    }
    this.learningRate = learningRate;
  }

  /** Stochastic gradient descent, {@code w -= learningRate * g}, without momentum or decay. */
  public static Sgd sgd(double learningRate) {
    return new Sgd(learningRate, 0, 0);
  }

  /** Adam (Kingma and Ba, 2015) with beta1 0.9, beta2 0.999 and epsilon 1e-8. */
  public static Adam adam(double learningRate) {
    return new Adam(learningRate, 0.9, 0.999, 1e-8);
  }

  /** The step size, a finite number above 0. */
  public double learningRate() {
    return learningRate;
  }

  /** Fresh state (step count, moment estimates) for one training run. */
  public abstract OptimizerState start();

  static double fraction(double value, String name) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " is " + value + "; expected a number in [0, 1)");
    }
    return value;
  }
}
