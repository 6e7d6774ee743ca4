package dev.soma.processor.generate;

import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;

/**
 * How a network's forward pass is written. Small networks are unrolled completely into straight-line
 * code over local variables: no arrays, no loops, weights as literals when known at compile time.
 * Larger ones loop over one weight column per input ({@code y[i] += column[i] * x[j]}), the form
 * HotSpot's C2 vectorises.
 */
enum CodeStrategy {
  UNROLLED,
  LOOPS;

  /**
   * Multiply-adds a network may have in all to be unrolled. Unrolled code costs about 7 to 10
   * bytecode bytes per term, and HotSpot never compiles a method over 8,000 bytes, so 512 terms
   * leave room for activations; measured, unrolling stops paying well before 64 x 64.
   */
  static final long MAX_UNROLLED_TERMS = 512;

  /** Multiply-adds one layer may have to be unrolled. */
  static final long MAX_UNROLLED_LAYER_TERMS = 256;

  static CodeStrategy choose(NetworkModel network) {
    long total = 0;
    for (Layer layer : network.layers()) {
      if (layer.terms() > MAX_UNROLLED_LAYER_TERMS) {
        return LOOPS;
      }
      total += layer.terms();
    }
    return total <= MAX_UNROLLED_TERMS ? UNROLLED : LOOPS;
  }
}
