/**
 * The annotations that declare a network: {@link dev.soma.Network} on an interface, one {@link
 * dev.soma.Dense} per layer and {@link dev.soma.Activation} after it. The Soma annotation processor
 * checks them while javac runs and generates {@code Soma<Name>}; {@link dev.soma.Soma#create} finds
 * the generated class of a network whose weights are baked in.
 *
 * <p>Training a generated network uses {@link dev.soma.train}; reading and writing weight files
 * uses {@link dev.soma.io}. {@link dev.soma.runtime} is support for generated code, not API.
 */
package dev.soma;
