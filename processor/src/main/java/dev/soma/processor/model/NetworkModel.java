package dev.soma.processor.model;

import dev.soma.Network.ActivationMath;
import dev.soma.Storage;
import java.util.List;

/** Stage 2's result: a network whose every shape and method has been checked; code is generated from this alone. */
public final class NetworkModel {
  private final String packageName;
  private final String interfaceName;
  private final String generatedName;
  private final Precision precision;
  private final List<Layer> layers;
  private final List<NetworkMethod> methods;
  private final boolean simd;
  private final boolean trainable;
  private final ActivationMath activations;
  private final Storage storage;

  public NetworkModel(
      String packageName,
      String interfaceName,
      String generatedName,
      Precision precision,
      List<Layer> layers,
      List<NetworkMethod> methods,
      boolean simd,
      boolean trainable,
      ActivationMath activations,
      Storage storage) {
    this.packageName = packageName;
    this.interfaceName = interfaceName;
    this.generatedName = generatedName;
    this.precision = precision;
    this.layers = List.copyOf(layers);
    this.methods = List.copyOf(methods);
    this.simd = simd;
    this.trainable = trainable;
    this.activations = activations;
    this.storage = storage;
  }

  public String packageName() {
    return packageName;
  }

  /** The interface's name relative to its package: {@code Outer.Inner}. */
  public String interfaceName() {
    return interfaceName;
  }

  /** The generated class's simple name: {@code SomaOuter_Inner}. */
  public String generatedName() {
    return generatedName;
  }

  public Precision precision() {
    return precision;
  }

  public List<Layer> layers() {
    return layers;
  }

  public List<NetworkMethod> methods() {
    return methods;
  }

  /** Whether layer loops are written with the Vector API ({@code @Network(simd = true)}). */
  public boolean simd() {
    return simd;
  }

  /**
   * Whether a {@code Soma<Name>Trainer} class is generated beside the model class
   * ({@code @Network(trainable = true)}); the validator allows it only with run-time weights.
   */
  public boolean trainable() {
    return trainable;
  }

  /**
   * How the forward pass computes SIGMOID, TANH, SWISH, GELU and GELU_TANH ({@code @Network(activations
   * = ...)}); FAST takes effect in float networks only, and never in the trainer.
   */
  public ActivationMath activations() {
    return activations;
  }

  /** How the weights are stored ({@code @Network(storage = ...)}); only float networks store other than F32. */
  public Storage storage() {
    return storage;
  }

  /** The same network with other layers (the weights a storage keeps), everything else unchanged. */
  public NetworkModel withLayers(List<Layer> layers) {
    return new NetworkModel(
        packageName, interfaceName, generatedName, precision, layers, methods, simd, trainable, activations, storage);
  }

  public int inputs() {
    return layers.get(0).in();
  }

  public int outputs() {
    return layers.get(layers.size() - 1).out();
  }

  /** Whether every layer's weights are known at compile time, so they are baked into the class. */
  public boolean weightsKnown() {
    return layers.stream().allMatch(layer -> layer.weights().isPresent());
  }

  /** Weights and biases. */
  public long parameters() {
    return layers.stream().mapToLong(layer -> layer.terms() + layer.out()).sum();
  }

  /** Floating-point operations per inference, counting a multiply-add as two and an activation as one per output. */
  public long flops() {
    return layers.stream()
        .mapToLong(layer -> 2 * layer.terms() + (long) layer.out() * layer.activations().size())
        .sum();
  }
}
