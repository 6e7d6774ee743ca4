package dev.soma.examples.networks;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.STEP;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;
import java.util.List;

/**
 * One-hidden-layer networks {@code x -> N neurons -> y} for the universal approximation and depth
 * sections: every combination of a hidden activation (STEP, SIGMOID, RELU) and a width {@code N} in
 * {@link #WIDTHS}. Shapes are compile-time facts in Soma, so each width is its own interface;
 * {@link #create} picks the generated class.
 */
public final class ShallowNets {
  /** The hidden-layer widths available. */
  public static final List<Integer> WIDTHS = List.of(4, 16, 64, 256);

  private ShallowNets() {}

  /** The method every shallow net has: one input, one output. */
  public interface Scalar {
    /** The network's output at {@code x}. */
    double at(double x);
  }

  /** 4 STEP neurons. */
  @Network
  @Dense(in = 1, out = 4)
  @Activation(STEP)
  @Dense(in = 4, out = 1)
  interface Step4 extends Scalar {
    @Override
    double at(double x);
  }

  /** 16 STEP neurons. */
  @Network
  @Dense(in = 1, out = 16)
  @Activation(STEP)
  @Dense(in = 16, out = 1)
  interface Step16 extends Scalar {
    @Override
    double at(double x);
  }

  /** 64 STEP neurons. */
  @Network
  @Dense(in = 1, out = 64)
  @Activation(STEP)
  @Dense(in = 64, out = 1)
  interface Step64 extends Scalar {
    @Override
    double at(double x);
  }

  /** 256 STEP neurons. */
  @Network
  @Dense(in = 1, out = 256)
  @Activation(STEP)
  @Dense(in = 256, out = 1)
  interface Step256 extends Scalar {
    @Override
    double at(double x);
  }

  /** 4 SIGMOID neurons. */
  @Network
  @Dense(in = 1, out = 4)
  @Activation(SIGMOID)
  @Dense(in = 4, out = 1)
  interface Sigmoid4 extends Scalar {
    @Override
    double at(double x);
  }

  /** 16 SIGMOID neurons. */
  @Network
  @Dense(in = 1, out = 16)
  @Activation(SIGMOID)
  @Dense(in = 16, out = 1)
  interface Sigmoid16 extends Scalar {
    @Override
    double at(double x);
  }

  /** 64 SIGMOID neurons. */
  @Network
  @Dense(in = 1, out = 64)
  @Activation(SIGMOID)
  @Dense(in = 64, out = 1)
  interface Sigmoid64 extends Scalar {
    @Override
    double at(double x);
  }

  /** 256 SIGMOID neurons. */
  @Network
  @Dense(in = 1, out = 256)
  @Activation(SIGMOID)
  @Dense(in = 256, out = 1)
  interface Sigmoid256 extends Scalar {
    @Override
    double at(double x);
  }

  /** 4 RELU neurons. */
  @Network
  @Dense(in = 1, out = 4)
  @Activation(RELU)
  @Dense(in = 4, out = 1)
  interface Relu4 extends Scalar {
    @Override
    double at(double x);
  }

  /** 16 RELU neurons. */
  @Network
  @Dense(in = 1, out = 16)
  @Activation(RELU)
  @Dense(in = 16, out = 1)
  interface Relu16 extends Scalar {
    @Override
    double at(double x);
  }

  /** 64 RELU neurons. */
  @Network
  @Dense(in = 1, out = 64)
  @Activation(RELU)
  @Dense(in = 64, out = 1)
  interface Relu64 extends Scalar {
    @Override
    double at(double x);
  }

  /** 256 RELU neurons. */
  @Network
  @Dense(in = 1, out = 256)
  @Activation(RELU)
  @Dense(in = 256, out = 1)
  interface Relu256 extends Scalar {
    @Override
    double at(double x);
  }

  /**
   * The generated network with hidden activation {@code kind} (STEP, SIGMOID or RELU) and {@code
   * width} hidden neurons, with the given weights: {@code weights[0]} and {@code biases[0]} the
   * hidden layer's (one per neuron), {@code weights[1]} the output neuron's {@code width} weights
   * and {@code biases[1]} its bias.
   */
  public static Scalar create(
      Activation.Kind kind, int width, double[][] weights, double[][] biases) {
    return switch (kind + "/" + width) {
      case "STEP/4" -> new SomaShallowNets_Step4(weights, biases);
      case "STEP/16" -> new SomaShallowNets_Step16(weights, biases);
      case "STEP/64" -> new SomaShallowNets_Step64(weights, biases);
      case "STEP/256" -> new SomaShallowNets_Step256(weights, biases);
      case "SIGMOID/4" -> new SomaShallowNets_Sigmoid4(weights, biases);
      case "SIGMOID/16" -> new SomaShallowNets_Sigmoid16(weights, biases);
      case "SIGMOID/64" -> new SomaShallowNets_Sigmoid64(weights, biases);
      case "SIGMOID/256" -> new SomaShallowNets_Sigmoid256(weights, biases);
      case "RELU/4" -> new SomaShallowNets_Relu4(weights, biases);
      case "RELU/16" -> new SomaShallowNets_Relu16(weights, biases);
      case "RELU/64" -> new SomaShallowNets_Relu64(weights, biases);
      case "RELU/256" -> new SomaShallowNets_Relu256(weights, biases);
      default ->
          throw new IllegalArgumentException(
              "no shallow network with " + kind + " and width " + width + "; widths are " + WIDTHS);
    };
  }
}
