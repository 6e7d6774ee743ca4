package dev.soma;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a neural network. The Soma annotation processor reads the {@link Dense}
 * and {@link Activation} annotations written on the same interface, checks every layer shape while
 * javac runs, and generates {@code Soma<Name>}: a final class implementing the interface with a
 * plain-Java forward pass.
 *
 * <pre>{@code
 * @Network
 * @Dense(in = 3, out = 2) @Activation(RELU)
 * @Dense(in = 2, out = 1) @Activation(SIGMOID)
 * public interface PartyDecider { float attend(float weather, float venue, float company); }
 * }</pre>
 *
 * <p>{@code @Network(activations = ActivationMath.FAST)} (with {@code import
 * dev.soma.Network.ActivationMath}) trades the last ulps of the smooth activations for speed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
  /**
   * A weight file read at compile time and baked into the generated class (safetensors, NumPy
   * {@code .npy}/{@code .npz} or ONNX), resolved like a resource. Empty: the weights come from the
   * {@link Dense#weights()} attributes, or at run time.
   */
  String weights() default "";

  /**
   * Writes the layer loops of larger networks with the Vector API ({@code jdk.incubator.vector}):
   * lanes are outputs, summed in the same order as the plain loops (bias, then the inputs in order,
   * a multiply then an add), so the results are the same bits. The generated class then needs
   * {@code --add-modules jdk.incubator.vector} to compile and to run, and the JDK prints a warning
   * about incubator modules at start-up. Networks small enough to be unrolled are not affected.
   * False (the default): plain Java, no flags.
   */
  boolean simd() default false;

  /**
   * Also generates {@code Soma<Name>Trainer}, a separate class in the same package that trains the
   * network by backpropagation: {@code new SomaPartyDeciderTrainer(TrainingOptions.of(Loss.MSE))
   * .fit(inputs, targets)} returns a trained {@code SomaPartyDecider}. The trainer uses only the
   * model class's public API ({@code random}, {@code weights()}, {@code biases()} and the
   * constructor taking weights and biases), so the model class holds no training code either way.
   * Training needs weights given at run time: {@code trainable = true} together with baked weights
   * ({@link #weights()} or {@link Dense#weights()}) is a compile error. False (the default): no
   * trainer, so an application that only runs the network carries no training code.
   */
  boolean trainable() default false;

  /**
   * How a {@code float} network computes SIGMOID, TANH, SWISH, GELU and GELU_TANH. {@link
   * ActivationMath#EXACT} (the default): in double, rounded once to float, within 1 ulp.
   * {@link ActivationMath#FAST}: in float arithmetic with a polynomial e^x and no branches on the
   * argument's sign, within 2 ulp (sigmoid, tanh, swish), 3 ulp (GELU_TANH) and 4.5 ulp (GELU), meant for networks where
   * the activations are a large share of the work (a sigmoid at the end of a small network). A {@code
   * double} network computes exactly either way, the other activations are the same either way,
   * and a trainer ({@link #trainable()}) computes its forward pass and gradients with EXACT: only
   * the model class runs FAST.
   */
  ActivationMath activations() default ActivationMath.EXACT;

  /**
   * How the weights are stored: {@link Storage#F32} (the default), {@link Storage#BF16} or {@link
   * Storage#F16} (half the bytes) or {@link Storage#INT8} (a quarter, plus one float scale per
   * neuron). Baked weights are rounded or quantized at compile time, and the processor notes each
   * layer's largest weight error and the relative error of its output on a fixed random probe; run-time
   * weights are rounded or quantized by the constructor (and so by {@code load}). {@code weights()}
   * gives the stored values back as floats; an INT8 network's {@code save} writes its int8 weights
   * and scales, which its {@code load} takes back unchanged. Only {@code float} networks take a
   * storage other than F32.
   */
  Storage storage() default Storage.F32;

  /** The choice of {@link #activations()}. */
  enum ActivationMath {
    /** {@code Activations}: computed in double and rounded once, within 1 ulp of the exact value. */
    EXACT,
    /**
     * {@code FastActivations}: float range reduction and minimax polynomials, within 2 to 4.5 ulp
     * (see that class for each function's bound), exact limits at infinity, NaN in gives NaN.
     */
    FAST
  }
}
