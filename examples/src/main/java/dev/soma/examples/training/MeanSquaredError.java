package dev.soma.examples.training;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The mean squared error of a generated network on a dataset. Each evaluation builds the network
 * from the parameter vector through its run-time-weights constructor ({@code factory}) and runs the
 * generated forward pass on every example.
 */
public final class MeanSquaredError implements Objective {
  private final ParameterLayout layout;
  private final BiFunction<double[][], double[][], UnaryOperator<double[]>> factory;
  private final Dataset data;

  /**
   * @param factory builds the network from per-layer weights and biases, e.g. {@code (w, b) -> new
   *     SomaX(w, b)::apply}
   */
  public MeanSquaredError(
      ParameterLayout layout,
      BiFunction<double[][], double[][], UnaryOperator<double[]>> factory,
      Dataset data) {
    this.layout = layout;
    this.factory = factory;
    this.data = data;
  }

  @Override
  public int dimension() {
    return layout.count();
  }

  /** The network with parameters {@code p}. */
  public UnaryOperator<double[]> network(double[] p) {
    return factory.apply(layout.weights(p), layout.biases(p));
  }

  @Override
  public double loss(double[] p) {
    UnaryOperator<double[]> net = network(p);
    double sum = 0;
    int count = 0;
    for (int i = 0; i < data.size(); i++) {
      double[] y = net.apply(data.inputs()[i]);
      double[] t = data.targets()[i];
      for (int k = 0; k < t.length; k++) {
        double e = y[k] - t[k];
        sum += e * e;
        count++;
      }
    }
    return sum / count;
  }

  public ParameterLayout layout() {
    return layout;
  }
}
