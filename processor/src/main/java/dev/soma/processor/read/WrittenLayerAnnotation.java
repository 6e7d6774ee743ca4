package dev.soma.processor.read;

import dev.soma.processor.diag.Position;

/** A {@code @Dense}, {@code @Activation} or {@code @LayerNorm} as written on a network interface. */
public interface WrittenLayerAnnotation {
  /** Where the whole annotation is written. */
  Position position();

  /** Where one attribute is written; the annotation's position when the attribute is not written. */
  Position at(String attribute);
}
