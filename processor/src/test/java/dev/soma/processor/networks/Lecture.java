package dev.soma.processor.networks;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** The lecture's examples, as test networks. */
public final class Lecture {
  private Lecture() {}

  /** The worked example: x = (2, 5, 1) gives z = (3.2, 2.4). */
  @Network
  @Dense(in = 3, out = 2, weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6}, bias = {0.5, -0.1})
  public interface LinearLayer {
    double[] apply(double[] x);

    void apply(double[] x, double[] z);
  }

  /** The same layer in float. */
  @Network
  @Dense(in = 3, out = 2, weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6}, bias = {0.5, -0.1})
  public interface LinearLayerFloat {
    float[] apply(float[] x);
  }

  /** The party decision: weights come at run time. */
  @Network
  @Dense(in = 3, out = 2) @Activation(RELU)
  @Dense(in = 2, out = 1) @Activation(SIGMOID)
  public interface PartyDecider {
    float attend(float weather, float venue, float company);
  }

  /** Two linear layers with known weights: fused into one by the processor. */
  @SuppressWarnings("soma")
  @Network
  @Dense(in = 3, out = 4, weights = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, bias = {0.5, -1, 2, 0})
  @Dense(in = 4, out = 2, weights = {0.1, -0.2, 0.3, -0.4, 0.5, 0.6, -0.7, 0.8}, bias = {1, -1})
  public interface Collapsed {
    double[] apply(double[] x);
  }
}
