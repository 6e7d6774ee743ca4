package dev.soma.examples.sections;

import dev.soma.Activation;
import dev.soma.examples.networks.ShallowNets;
import java.util.function.DoubleUnaryOperator;

/**
 * Weights for a one-hidden-layer network that approximates a 1-D function on {@code [a, b]} with
 * {@code N} neurons, written down directly instead of trained (the constructive proof of universal
 * approximation). With {@code h = (b - a) / N}:
 *
 * <ul>
 *   <li>STEP: a staircase. Neuron {@code k} switches on at {@code a + k h} and adds the jump from
 *       the function's value at the middle of piece {@code k - 1} to the middle of piece {@code k};
 *       neuron 0 is always on and carries the first value. Error about {@code L h / 2} for a {@code
 *       L}-Lipschitz function: O(1/N).
 *   <li>SIGMOID: the same staircase with steep sigmoids {@code sigmoid(s (x - t))}, {@code s = 20 /
 *       h}, in place of steps: O(1/N) too.
 *   <li>RELU: the piecewise-linear interpolant through the knots {@code a + k h}. Neuron {@code k}
 *       is {@code relu(x - a - k h)} and adds the change of slope at knot {@code k}. Error at most
 *       {@code h^2 max|f''| / 8} for a smooth function: O(1/N^2).
 * </ul>
 */
public final class ShallowConstruction {
  /** Steepness of the sigmoids, in units of 1/h. */
  static final double SIGMOID_STEEPNESS = 20;

  private ShallowConstruction() {}

  /** A network's weights and biases, one array per layer, in the generated constructor's layout. */
  public record Weights(double[][] weights, double[][] biases) {}

  /**
   * The weights approximating {@code f} on {@code [a, b]} with {@code n} neurons of {@code kind}.
   */
  public static Weights weights(
      Activation.Kind kind, int n, DoubleUnaryOperator f, double a, double b) {
    double h = (b - a) / n;
    double[] hiddenWeights = new double[n];
    double[] hiddenBiases = new double[n];
    double[] outputWeights = new double[n];
    double outputBias;
    switch (kind) {
      case STEP, SIGMOID -> {
        double steepness = kind == Activation.Kind.STEP ? 1 : SIGMOID_STEEPNESS / h;
        double previous = 0;
        for (int k = 0; k < n; k++) {
          double threshold = k == 0 ? a - h : a + k * h;
          double value = f.applyAsDouble(a + (k + 0.5) * h);
          hiddenWeights[k] = steepness;
          hiddenBiases[k] = -steepness * threshold;
          outputWeights[k] = value - previous;
          previous = value;
        }
        outputBias = 0;
      }
      case RELU -> {
        double previousSlope = 0;
        for (int k = 0; k < n; k++) {
          double knot = a + k * h;
          double slope = (f.applyAsDouble(knot + h) - f.applyAsDouble(knot)) / h;
          hiddenWeights[k] = 1;
          hiddenBiases[k] = -knot;
          outputWeights[k] = slope - previousSlope;
          previousSlope = slope;
        }
        outputBias = f.applyAsDouble(a);
      }
      default -> throw new IllegalArgumentException("no construction for " + kind);
    }
    return new Weights(
        new double[][] {hiddenWeights, outputWeights}, new double[][] {hiddenBiases, {outputBias}});
  }

  /** The generated network approximating {@code f} on {@code [a, b]} with {@code n} neurons. */
  public static ShallowNets.Scalar network(
      Activation.Kind kind, int n, DoubleUnaryOperator f, double a, double b) {
    Weights w = weights(kind, n, f, a, b);
    return ShallowNets.create(kind, n, w.weights(), w.biases());
  }

  /**
   * The largest {@code |net(x) - f(x)|} over {@code points} evenly spaced points of {@code [a, b]}.
   */
  public static double maxError(
      ShallowNets.Scalar net, DoubleUnaryOperator f, double a, double b, int points) {
    double max = 0;
    for (int i = 0; i < points; i++) {
      double x = a + (b - a) * i / (points - 1);
      max = Math.max(max, Math.abs(net.at(x) - f.applyAsDouble(x)));
    }
    return max;
  }
}
