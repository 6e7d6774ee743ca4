package dev.soma.processor.networks;

import static dev.soma.Activation.Kind.GELU;
import static dev.soma.Activation.Kind.LEAKY_RELU;
import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.SOFTMAX;
import static dev.soma.Activation.Kind.SWISH;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** Multi-layer test networks with random weights, small (unrolled) and large (loops). */
public final class Shapes {
  private Shapes() {}

  /** Interleaved annotations: each activation belongs to the layer written before it. */
  @Network
  @Dense(in = 2, out = 3) @Activation(TANH)
  @Dense(in = 3, out = 4) @Activation(RELU)
  @Dense(in = 4, out = 1) @Activation(SIGMOID)
  public interface Interleaved {
    double predict(double a, double b);
  }

  /** The same network with the one-annotation form. */
  @Network
  @Dense(in = 2, out = 3, activation = TANH)
  @Dense(in = 3, out = 4, activation = RELU)
  @Dense(in = 4, out = 1, activation = SIGMOID)
  public interface AttributeForm {
    double predict(double a, double b);
  }

  /** Small enough to unroll: every form, float. */
  @Network
  @Dense(in = 5, out = 8) @Activation(RELU)
  @Dense(in = 8, out = 8) @Activation(TANH)
  @Dense(in = 8, out = 8) @Activation(GELU)
  @Dense(in = 8, out = 3) @Activation(SOFTMAX)
  public interface SmallFloat {
    float[] probabilities(float[] x);

    void probabilities(float[][] xs, float[][] ys);

    void probabilities(float[] x, float[] y);

    int classify(float[] x);
  }

  /** Small enough to unroll: every form, double. */
  @Network
  @Dense(in = 5, out = 8) @Activation(RELU)
  @Dense(in = 8, out = 8) @Activation(TANH)
  @Dense(in = 8, out = 8) @Activation(GELU)
  @Dense(in = 8, out = 3) @Activation(SOFTMAX)
  public interface SmallDouble {
    double[] probabilities(double[] x);

    void probabilities(double[] x, double[] y);

    int classify(double[] x);
  }

  /** Too large to unroll: loop form, float. */
  @Network
  @Dense(in = 20, out = 40) @Activation(SWISH)
  @Dense(in = 40, out = 30) @Activation(value = LEAKY_RELU, alpha = 0.1)
  @Dense(in = 30, out = 10) @Activation(SOFTMAX)
  public interface LargeFloat {
    float[] probabilities(float[] x);

    void probabilities(float[][] xs, float[][] ys);

    void probabilities(float[] x, float[] y);

    int classify(float[] x);
  }

  /** Too large to unroll: loop form, double. */
  @Network
  @Dense(in = 20, out = 40) @Activation(SWISH)
  @Dense(in = 40, out = 30) @Activation(value = LEAKY_RELU, alpha = 0.1)
  @Dense(in = 30, out = 10) @Activation(SOFTMAX)
  public interface LargeDouble {
    double[] probabilities(double[] x);

    void probabilities(double[][] xs, double[][] ys);

    void probabilities(double[] x, double[] y);

    int classify(double[] x);
  }

  /** Loop form with a scalar method: 30 inputs into one output. */
  @Network
  @Dense(in = 3, out = 300) @Activation(RELU)
  @Dense(in = 300, out = 1) @Activation(SIGMOID)
  public interface LargeScalar {
    float score(float a, float b, float c);

    float[] scores(float[] x);
  }

  /** A single square loop-form layer, where the output array may be the input array. */
  @Network
  @Dense(in = 30, out = 30) @Activation(TANH)
  public interface Square {
    void apply(double[] x, double[] y);

    void apply(double[][] xs, double[][] ys);
  }

  /** Loop form after a ReLU, with a remainder column: the batched form skips zero inputs per row. */
  @Network
  @Dense(in = 37, out = 24) @Activation(RELU)
  @Dense(in = 24, out = 6)
  public interface ReluBatch {
    void predict(float[] x, float[] y);

    void predict(float[][] xs, float[][] ys);
  }
}
