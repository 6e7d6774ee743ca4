package dev.soma.processor.networks;

import dev.soma.Activation;
import dev.soma.Activation.Kind;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Network.ActivationMath;

/**
 * One network per activation: {@code in = 1} with weight 1 and bias 0 gives {@code f(x)} (unrolled);
 * {@code in = 1, out = 600} with weights 1 and biases b gives {@code f(b_i + x)} (loops). The
 * {@code Fast} ones declare {@code activations = FAST}, in every form (unrolled, loops, batched,
 * double).
 */
public final class ActivationNetworks {
  private ActivationNetworks() {}

  @Network @Dense(in = 1, out = 1) @Activation(Kind.STEP)
  public interface StepFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.STEP)
  public interface StepDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.STEP)
  public interface StepLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.SIGMOID)
  public interface SigmoidFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.SIGMOID)
  public interface SigmoidDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.SIGMOID)
  public interface SigmoidLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.TANH)
  public interface TanhFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.TANH)
  public interface TanhDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.TANH)
  public interface TanhLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.RELU)
  public interface ReluFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.RELU)
  public interface ReluDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.RELU)
  public interface ReluLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.LEAKY_RELU)
  public interface LeakyReluFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.LEAKY_RELU)
  public interface LeakyReluDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.LEAKY_RELU)
  public interface LeakyReluLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.SWISH)
  public interface SwishFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.SWISH)
  public interface SwishDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.SWISH)
  public interface SwishLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.GELU)
  public interface GeluFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.GELU)
  public interface GeluDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.GELU)
  public interface GeluLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.GELU_TANH)
  public interface GeluTanhFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.GELU_TANH)
  public interface GeluTanhDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.GELU_TANH)
  public interface GeluTanhLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.IDENTITY)
  public interface IdentityFloat { float apply(float z); }

  @Network @Dense(in = 1, out = 1) @Activation(Kind.IDENTITY)
  public interface IdentityDouble { double apply(double z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.IDENTITY)
  public interface IdentityLoops { void apply(float[] x, float[] y); }

  @Network @Dense(in = 1, out = 1) @Activation(value = Kind.LEAKY_RELU, alpha = 0.2)
  public interface LeakyRelu02Float { float apply(float z); }

  @Network @Dense(in = 4, out = 4) @Activation(Kind.SOFTMAX)
  public interface SoftmaxFloat { float[] apply(float[] z); }

  @Network @Dense(in = 4, out = 4) @Activation(Kind.SOFTMAX)
  public interface SoftmaxDouble { double[] apply(double[] z); }

  @Network @Dense(in = 1, out = 600) @Activation(Kind.SOFTMAX)
  public interface SoftmaxLoops { void apply(float[] x, float[] y); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.SIGMOID)
  public interface SigmoidFastFloat { float apply(float z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.SIGMOID)
  public interface SigmoidFastDouble { double apply(double z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.SIGMOID)
  public interface SigmoidFastLoops { void apply(float[] x, float[] y); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.SIGMOID)
  public interface SigmoidFastBatch { void apply(float[][] xs, float[][] ys); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.TANH)
  public interface TanhFastFloat { float apply(float z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.TANH)
  public interface TanhFastDouble { double apply(double z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.TANH)
  public interface TanhFastLoops { void apply(float[] x, float[] y); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.TANH)
  public interface TanhFastBatch { void apply(float[][] xs, float[][] ys); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.SWISH)
  public interface SwishFastFloat { float apply(float z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.SWISH)
  public interface SwishFastDouble { double apply(double z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.SWISH)
  public interface SwishFastLoops { void apply(float[] x, float[] y); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.SWISH)
  public interface SwishFastBatch { void apply(float[][] xs, float[][] ys); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.GELU)
  public interface GeluFastFloat { float apply(float z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.GELU)
  public interface GeluFastDouble { double apply(double z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.GELU)
  public interface GeluFastLoops { void apply(float[] x, float[] y); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.GELU)
  public interface GeluFastBatch { void apply(float[][] xs, float[][] ys); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.GELU_TANH)
  public interface GeluTanhFastFloat { float apply(float z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 1) @Activation(Kind.GELU_TANH)
  public interface GeluTanhFastDouble { double apply(double z); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.GELU_TANH)
  public interface GeluTanhFastLoops { void apply(float[] x, float[] y); }

  @Network(activations = ActivationMath.FAST) @Dense(in = 1, out = 600) @Activation(Kind.GELU_TANH)
  public interface GeluTanhFastBatch { void apply(float[][] xs, float[][] ys); }
}
