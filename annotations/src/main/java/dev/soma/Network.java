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
}
