package dev.soma.examples.training;

import static dev.soma.Activation.Kind.GELU;
import static dev.soma.Activation.Kind.GELU_TANH;
import static dev.soma.Activation.Kind.LEAKY_RELU;
import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.SOFTMAX;
import static dev.soma.Activation.Kind.STEP;
import static dev.soma.Activation.Kind.SWISH;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.LayerNorm;
import dev.soma.Network;

/**
 * Small double-precision networks for the gradient checks: two hidden layers with one activation
 * kind each and a linear output (IDENTITY), and output layers for every loss.
 */
final class GradientNetworks {
  private GradientNetworks() {}

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = SIGMOID)
  @Dense(in = 4, out = 3, activation = SIGMOID)
  @Dense(in = 3, out = 2)
  interface Sigmoid {
    double[] predict(double[] x);
  }

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = TANH)
  @Dense(in = 4, out = 3, activation = TANH)
  @Dense(in = 3, out = 2)
  interface Tanh {
    double[] predict(double[] x);
  }

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = RELU)
  @Dense(in = 4, out = 3, activation = RELU)
  @Dense(in = 3, out = 2)
  interface Relu {
    double[] predict(double[] x);
  }

  @Network(trainable = true)
  @Dense(in = 3, out = 4)
  @Activation(value = LEAKY_RELU, alpha = 0.1)
  @Dense(in = 4, out = 3)
  @Activation(value = LEAKY_RELU, alpha = 0.1)
  @Dense(in = 3, out = 2)
  interface LeakyRelu {
    double[] predict(double[] x);
  }

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = SWISH)
  @Dense(in = 4, out = 3, activation = SWISH)
  @Dense(in = 3, out = 2)
  interface Swish {
    double[] predict(double[] x);
  }

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = GELU)
  @Dense(in = 4, out = 3, activation = GELU)
  @Dense(in = 3, out = 2)
  interface Gelu {
    double[] predict(double[] x);
  }

  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = GELU_TANH)
  @Dense(in = 4, out = 3, activation = GELU_TANH)
  @Dense(in = 3, out = 2)
  interface GeluTanh {
    double[] predict(double[] x);
  }

  /** Softmax inside the network, where its full Jacobian is needed (no fused loss). */
  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = SOFTMAX)
  @Dense(in = 4, out = 2)
  interface SoftmaxHidden {
    double[] predict(double[] x);
  }

  /** For MSE and binary cross-entropy. */
  @Network(trainable = true)
  @Dense(in = 3, out = 4, activation = TANH)
  @Dense(in = 4, out = 2, activation = SIGMOID)
  interface SigmoidOutput {
    double[] predict(double[] x);
  }

  /** For MSE and categorical cross-entropy. */
  @Network(trainable = true)
  @Dense(in = 3, out = 5, activation = GELU)
  @Dense(in = 5, out = 3, activation = SOFTMAX)
  interface SoftmaxOutput {
    double[] predict(double[] x);
  }

  /** A linear hidden layer (Soma warns: it collapses into the next one), kept apart at run time. */
  @SuppressWarnings("soma")
  @Network(trainable = true)
  @Dense(in = 3, out = 4)
  @Dense(in = 4, out = 3, activation = TANH)
  @Dense(in = 3, out = 2)
  interface LinearHidden {
    double[] predict(double[] x);
  }

  /**
   * Two activations in a row on each layer (Soma warns), the last one fused with the loss or not.
   */
  @SuppressWarnings("soma")
  @Network(trainable = true)
  @Dense(in = 3, out = 4)
  @Activation(GELU)
  @Activation(TANH)
  @Dense(in = 4, out = 3)
  @Activation(SWISH)
  @Activation(SOFTMAX)
  interface ActivationsInARow {
    double[] predict(double[] x);
  }

  /** LayerNorm before an activation, after one, and on a linear layer. */
  @Network(trainable = true)
  @Dense(in = 3, out = 4)
  @LayerNorm
  @Activation(TANH)
  @Dense(in = 4, out = 3, activation = GELU)
  @LayerNorm(epsilon = 1e-3)
  @Dense(in = 3, out = 2)
  interface LayerNormed {
    double[] predict(double[] x);
  }

  /** LayerNorm as the output layer's last step before a softmax fused with cross-entropy. */
  @Network(trainable = true)
  @Dense(in = 3, out = 5, activation = SWISH)
  @Dense(in = 5, out = 3)
  @LayerNorm
  @Activation(SOFTMAX)
  interface LayerNormOutput {
    double[] predict(double[] x);
  }

  /** Cannot be trained: STEP has no gradient. */
  @Network(trainable = true)
  @Dense(in = 2, out = 2, activation = STEP)
  @Dense(in = 2, out = 1, activation = SIGMOID)
  interface StepHidden {
    double predict(double a, double b);
  }
}
