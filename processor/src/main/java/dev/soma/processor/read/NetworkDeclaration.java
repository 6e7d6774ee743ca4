package dev.soma.processor.read;

import dev.soma.Network.ActivationMath;
import dev.soma.Storage;
import dev.soma.processor.diag.Position;
import java.util.List;
import java.util.Set;

/** Everything written on one {@code @Network} interface, as plain data, before any check. */
public final class NetworkDeclaration {
  private final DeclaredInterface declared;
  private final Position position;
  private final Position weightsPosition;
  private final String weightsFile;
  private final List<WrittenLayerAnnotation> layerAnnotations;
  private final boolean sourceOrderKnown;
  private final List<DeclaredMethod> methods;
  private final Set<String> suppressedWarnings;
  private final boolean simd;
  private final Position simdPosition;
  private final boolean trainable;
  private final Position trainablePosition;
  private final ActivationMath activations;
  private final Storage storage;
  private final Position storagePosition;

  NetworkDeclaration(
      DeclaredInterface declared,
      Position position,
      Position weightsPosition,
      String weightsFile,
      List<WrittenLayerAnnotation> layerAnnotations,
      boolean sourceOrderKnown,
      List<DeclaredMethod> methods,
      Set<String> suppressedWarnings,
      boolean simd,
      Position simdPosition,
      boolean trainable,
      Position trainablePosition,
      ActivationMath activations,
      Storage storage,
      Position storagePosition) {
    this.declared = declared;
    this.position = position;
    this.weightsPosition = weightsPosition;
    this.weightsFile = weightsFile;
    this.layerAnnotations = List.copyOf(layerAnnotations);
    this.sourceOrderKnown = sourceOrderKnown;
    this.methods = List.copyOf(methods);
    this.suppressedWarnings = Set.copyOf(suppressedWarnings);
    this.simd = simd;
    this.simdPosition = simdPosition;
    this.trainable = trainable;
    this.trainablePosition = trainablePosition;
    this.activations = activations;
    this.storage = storage;
    this.storagePosition = storagePosition;
  }

  /** The annotated type, as plain facts. */
  public DeclaredInterface declared() {
    return declared;
  }

  /** The {@code @Network} annotation. */
  public Position position() {
    return position;
  }

  /** The {@code weights} attribute of {@code @Network}; the annotation's position when not written. */
  public Position weightsPosition() {
    return weightsPosition;
  }

  /** {@code @Network(weights = ...)}, empty when not given. */
  public String weightsFile() {
    return weightsFile;
  }

  /**
   * The {@code @Dense}, {@code @Activation} and {@code @LayerNorm} annotations. In source order
   * when {@link #sourceOrderKnown()}; otherwise every {@code @Dense} in order, then every {@code
   * @Activation}, then every {@code @LayerNorm}, each in order.
   */
  public List<WrittenLayerAnnotation> layerAnnotations() {
    return layerAnnotations;
  }

  public boolean sourceOrderKnown() {
    return sourceOrderKnown;
  }

  public List<DeclaredMethod> methods() {
    return methods;
  }

  /** The values of {@code @SuppressWarnings} on the interface. */
  public Set<String> suppressedWarnings() {
    return suppressedWarnings;
  }

  /** {@code @Network(simd = true)}: layer loops written with the Vector API. */
  public boolean simd() {
    return simd;
  }

  /** The {@code simd} attribute of {@code @Network}; the annotation's position when not written. */
  public Position simdPosition() {
    return simdPosition;
  }

  /** {@code @Network(trainable = true)}: a {@code Soma<Name>Trainer} class is generated too. */
  public boolean trainable() {
    return trainable;
  }

  /** The {@code trainable} attribute of {@code @Network}; the annotation's position when not written. */
  public Position trainablePosition() {
    return trainablePosition;
  }

  /** {@code @Network(activations = ...)}: how a float network computes its smooth activations. */
  public ActivationMath activations() {
    return activations;
  }

  /** {@code @Network(storage = ...)}: how the weights are stored. */
  public Storage storage() {
    return storage;
  }

  /** The {@code storage} attribute of {@code @Network}; the annotation's position when not written. */
  public Position storagePosition() {
    return storagePosition;
  }
}
