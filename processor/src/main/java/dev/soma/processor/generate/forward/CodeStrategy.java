package dev.soma.processor.generate.forward;

import dev.soma.processor.generate.GeneratorOptions;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;

/**
 * How a network's single-input forward pass is written. Small networks are unrolled completely
 * into straight-line code over local variables: no arrays, no loops, weights as literals when known
 * at compile time. Larger ones loop over weight columns ({@link LoopForward}), the form HotSpot's
 * C2 vectorises, or over Vector API lanes with {@code @Network(simd = true)} ({@link
 * SimdForward}). The thresholds were measured with the benchmarks' strategy sweep; BENCHMARKS.md
 * has the tables.
 */
public enum CodeStrategy {
  UNROLLED,
  LOOPS,
  SIMD_LOOPS;

  /**
   * Multiply-adds a network may have in all to be unrolled. Unrolled code costs about 10 bytecode
   * bytes per term with run-time weights, and HotSpot never compiles a method of 8,000 bytes or
   * more, so 256 terms (about 2.7 KB per method) leave room for activations and several method
   * forms; {@code BytecodeSizeTest} checks the largest such networks.
   */
  public static final long MAX_UNROLLED_TERMS = 256;

  /**
   * Multiply-adds one layer may have to be unrolled: above it the column loops were faster in the
   * strategy sweep (BENCHMARKS.md, "Unrolled or loops").
   */
  public static final long MAX_UNROLLED_LAYER_TERMS = 64;

  /** The largest network {@code -Asoma.codeStrategy=unrolled} unrolls: about 5.4 KB per method. */
  public static final long MAX_FORCED_UNROLLED_TERMS = 512;

  /**
   * The strategy for {@code network}: SIMD loops when it asks for them; otherwise unrolled when every
   * layer and the whole network are small enough, else loops; {@code options} may force one form
   * for measurements.
   */
  public static CodeStrategy choose(NetworkModel network, GeneratorOptions options) {
    long total = 0;
    long widest = 0;
    for (Layer layer : network.layers()) {
      total += layer.terms();
      widest = Math.max(widest, layer.terms());
    }
    boolean unrolled;
    switch (options.strategy()) {
      case LOOPS:
        unrolled = false;
        break;
      case UNROLLED:
        unrolled = total <= MAX_FORCED_UNROLLED_TERMS;
        break;
      default:
        unrolled = widest <= MAX_UNROLLED_LAYER_TERMS && total <= MAX_UNROLLED_TERMS;
        break;
    }
    if (unrolled) {
      return UNROLLED;
    }
    return network.simd() ? SIMD_LOOPS : LOOPS;
  }
}
