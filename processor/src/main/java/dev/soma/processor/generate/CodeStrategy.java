package dev.soma.processor.generate;

import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;

/**
 * How a network's forward pass is written. Small networks are unrolled completely into straight-line
 * code over local variables: no arrays, no loops, weights as literals when known at compile time.
 * Larger ones loop over weight columns, four inputs per pass over the outputs ({@code y[i] = y[i] +
 * c0[i] * x0 + ... + c3[i] * x3}), the form HotSpot's C2 vectorises.
 */
enum CodeStrategy {
  UNROLLED,
  LOOPS;

  /**
   * Multiply-adds a network may have in all to be unrolled. Measured with {@code StrategyBenchmark}
   * (JDK 17, 2-core AMD EPYC with AVX-512, run-time weights; BENCHMARKS.md), unrolled against the
   * four-columns-per-pass loop form of the same network: 4-4-4 (32 terms) 11 ns against 19 ns and
   * 8-8-8 (128) 27 against 41-59 ns favour unrolling; 12-12-12 (288) 73-74 against 60-77 and
   * 1-128-1 (256) 153 against 118-169 are even; 16-16-16 (512) 124-188 against 64-95 ns and
   * 1-256-1 (512) 766-779 against 266-441 ns favour loops. Unrolled code also costs about 10
   * bytecode bytes per term with run-time weights, and HotSpot never compiles a method over 8,000
   * bytes, so 256 terms (about 2.7 KB) leave room for several method forms' activations.
   */
  static final long MAX_UNROLLED_TERMS = 256;

  /**
   * Multiply-adds one layer may have to be unrolled: 64 per layer still favours unrolling, 144
   * (12 x 12) no longer does, 256 (16 x 16) loses by 1.3 to 3 times.
   */
  static final long MAX_UNROLLED_LAYER_TERMS = 128;

  /**
   * System property for measuring the thresholds only: {@code loops} writes every network of a
   * compilation as loops, {@code unrolled} unrolls every network of at most {@link
   * #MAX_FORCED_UNROLLED_TERMS} terms. The benchmarks' strategy sweep builds with {@code mvn
   * -Dsoma.codeStrategy=...}.
   */
  static final String FORCE_PROPERTY = "soma.codeStrategy";

  /** The largest network a forced {@code unrolled} unrolls: about 5.4 KB of bytecode per method. */
  static final long MAX_FORCED_UNROLLED_TERMS = 512;

  static CodeStrategy choose(NetworkModel network) {
    String forced = System.getProperty(FORCE_PROPERTY, "");
    if (forced.equals("loops")) {
      return LOOPS;
    }
    long total = 0;
    long widest = 0;
    for (Layer layer : network.layers()) {
      total += layer.terms();
      widest = Math.max(widest, layer.terms());
    }
    if (forced.equals("unrolled") && total <= MAX_FORCED_UNROLLED_TERMS) {
      return UNROLLED;
    }
    return widest <= MAX_UNROLLED_LAYER_TERMS && total <= MAX_UNROLLED_TERMS ? UNROLLED : LOOPS;
  }
}
