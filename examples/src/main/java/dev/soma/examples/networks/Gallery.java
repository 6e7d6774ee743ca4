package dev.soma.examples.networks;

import static dev.soma.Activation.Kind.GELU;
import static dev.soma.Activation.Kind.GELU_TANH;
import static dev.soma.Activation.Kind.LEAKY_RELU;
import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.STEP;
import static dev.soma.Activation.Kind.SWISH;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Soma;

/**
 * One neuron per activation function, with weight 1 and bias 0 baked in, so {@code at(z)} is the
 * activation itself computed by generated code.
 */
public final class Gallery {
  /** The leaky-ReLU slope used in the gallery: larger than the default 0.01 so it shows. */
  public static final double LEAKY_ALPHA = 0.1;

  private Gallery() {}

  /** A single neuron: one input, one output. */
  public interface Neuron {
    /** The activation of {@code z}. */
    double at(double z);
  }

  /** STEP of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(STEP)
  public interface Step extends Neuron {
    @Override
    double at(double z);
  }

  /** SIGMOID of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(SIGMOID)
  public interface Sigmoid extends Neuron {
    @Override
    double at(double z);
  }

  /** TANH of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(TANH)
  public interface Tanh extends Neuron {
    @Override
    double at(double z);
  }

  /** RELU of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(RELU)
  public interface Relu extends Neuron {
    @Override
    double at(double z);
  }

  /** LEAKY_RELU of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(value = LEAKY_RELU, alpha = Gallery.LEAKY_ALPHA)
  public interface LeakyRelu extends Neuron {
    @Override
    double at(double z);
  }

  /** SWISH of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(SWISH)
  public interface Swish extends Neuron {
    @Override
    double at(double z);
  }

  /** GELU of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(GELU)
  public interface Gelu extends Neuron {
    @Override
    double at(double z);
  }

  /** GELU_TANH of its input. */
  @Network
  @Dense(
      in = 1,
      out = 1,
      weights = {1},
      bias = {0})
  @Activation(GELU_TANH)
  public interface GeluTanh extends Neuron {
    @Override
    double at(double z);
  }

  /** The generated neuron applying {@code kind}; SOFTMAX and IDENTITY have none here. */
  public static Neuron neuron(Activation.Kind kind) {
    return switch (kind) {
      case STEP -> Soma.create(Step.class);
      case SIGMOID -> Soma.create(Sigmoid.class);
      case TANH -> Soma.create(Tanh.class);
      case RELU -> Soma.create(Relu.class);
      case LEAKY_RELU -> Soma.create(LeakyRelu.class);
      case SWISH -> Soma.create(Swish.class);
      case GELU -> Soma.create(Gelu.class);
      case GELU_TANH -> Soma.create(GeluTanh.class);
      default -> throw new IllegalArgumentException("no gallery neuron for " + kind);
    };
  }
}
