package dev.soma.processor.generate;

import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;

/**
 * How a network's forward pass is written. Small networks are unrolled completely into
 * straight-line code over local variables: no arrays, no loops, weights as literals when known at
 * compile time. Larger ones loop over weight columns, four inputs per pass over the outputs ({@code
 * y[i] = y[i] + c0[i] * x0 + ... + c3[i] * x3}), the form HotSpot's C2 vectorises.
 */
enum CodeStrategy {
  UNROLLED,
  LOOPS;

  /**
   * Multiply-adds a network may have in all to be unrolled. Unrolled code costs about 10 bytecode
   * bytes per term with run-time weights, and HotSpot never compiles a method of 8,000 bytes or
   * more, so 256 terms (about 2.7 KB per method) leave room for activations and several method
   * forms; {@code BytecodeSizeTest} checks the largest such networks.
   */
  static final long MAX_UNROLLED_TERMS = 256;

  /**
   * Multiply-adds one layer may have to be unrolled. Measured with {@code StrategyBenchmark} (JDK
   * 17, 2-core AMD EPYC with AVX-512, run-time weights, medians of three runs; BENCHMARKS.md), the
   * same network unrolled against looped (four columns per pass): with 16 terms per layer (4-4-4)
   * 11 ns against 19 ns, with 64 (8-8-8) 27 against 40 ns and (1-64-1) 67 against 77 ns favour
   * unrolling; with 128 (1-128-1) 149 against 108 ns, 144 (12-12-12) 73 against 51 ns and 256
   * (16-16-16) 123 against 61 ns, (1-256-1) 758 against 264 ns favour loops.
   */
  static final long MAX_UNROLLED_LAYER_TERMS = 64;

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
