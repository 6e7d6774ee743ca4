package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN2Batch;
import dev.soma.benchmarks.nets.SomaN2BatchSimd;
import dev.soma.benchmarks.nets.SomaN3Batch;
import dev.soma.benchmarks.nets.SomaN3BatchSimd;
import dev.soma.benchmarks.nets.SomaN3Wide;
import dev.soma.benchmarks.nets.SomaN3WideSimd;
import dev.soma.benchmarks.nets.SomaSmoothGeluSimd;
import dev.soma.benchmarks.nets.SomaSmoothSigmoidSimd;
import dev.soma.benchmarks.nets.SomaSmoothTanhSimd;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Soma against ONNX Runtime on one thread, timed in alternation: each round times about 0.3 s of
 * Soma calls, then as long of ONNX Runtime calls (and of Soma's plain batched form, where the
 * network has one) on the same weights and rows, and the ratio is taken per round. A shared host
 * whose speed changes from one second to the next (BENCHMARKS.md, "Session 3 close") then slows
 * both sides of a round alike, which separate JMH iterations minutes apart cannot promise.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   dev.soma.benchmarks.InterleavedRatio NET ROWS ROUNDS
 * </pre>
 *
 * NET: {@code N2} or {@code N3} (the SIMD batched form and the plain batched form, run-time
 * weights), {@code N3row} (N3's single-row forward, SIMD and plain loops, one call per row), or
 * {@code sigmoid}, {@code tanh}, {@code gelu} (784-512-512-10 with that activation on both hidden
 * layers, {@code simd = true, activations = FAST}, one single-row call per row).
 * Prints one line per round and a {@code RESULT} line with the median ratio (ONNX Runtime time /
 * Soma time: above 1, Soma is faster). Each round also times a stretch of the core's
 * multiply-add peak ({@value #CHAINS} independent Vector API FMA chains in registers, as {@code
 * VectorPeakBenchmark}) and reports Soma's GFLOP/s as a share of it, measured the same second. Outputs are checked against ONNX Runtime's first. A
 * companion to the JMH tables, not a replacement: no forks, no blackholes.
 */
public final class InterleavedRatio {
  /** How long each side of a round runs. */
  private static final long STRETCH_NANOS = 300_000_000L;

  /** Warm-up before the first round: the Vector API needs hundreds of calls before C2 compiles it. */
  private static final long WARM_UP_NANOS = 4_000_000_000L;

  /** Independent FMA chains of the peak stretch: more than FMA units times their latency. */
  private static final int CHAINS = 16;

  /** Multiply-adds per chain and call of {@link #fmaChunk}. */
  private static final int PEAK_ROUNDS = 1000;

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** The peak stretch's result, kept so the JIT cannot drop the chains. */
  private static volatile float sink;

  private InterleavedRatio() {}

  /** A batch through one implementation. */
  private interface Batch {
    void run(float[][] xs, float[][] ys) throws OrtException;
  }

  /** The network under test: Soma's form, the plain batched form or null, and the MLP for ORT. */
  private record Contenders(Batch soma, Batch plain, Mlp mlp) {
    /** Floating-point operations of one row: two per weight (a multiply and an add). */
    long flopsPerRow() {
      long flops = 0;
      for (float[] w : mlp.weights()) {
        flops += 2L * w.length;
      }
      return flops;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: InterleavedRatio N2|N3|N3row|sigmoid|tanh|gelu ROWS ROUNDS");
      System.exit(2);
    }
    String net = args[0];
    int rows = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Contenders contenders = contenders(net);
    float[][] xs = new float[rows][contenders.mlp().inputs()];
    SplittableRandom random = new SplittableRandom(7);
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble();
      }
    }
    int outputs = contenders.mlp().outputs();
    float[][] soma = new float[rows][outputs];
    float[][] ort = new float[rows][outputs];
    float[][] plain = new float[rows][outputs];
    try (OrtRunner runner = new OrtRunner(contenders.mlp(), 1, rows)) {
      Batch onnx = runner::forward;
      contenders.soma().run(xs, soma);
      onnx.run(xs, ort);
      check(soma, ort);
      for (long end = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < end; ) {
        contenders.soma().run(xs, soma);
        onnx.run(xs, ort);
        if (contenders.plain() != null) {
          contenders.plain().run(xs, plain);
        }
      }
      int calls = callsPerStretch(contenders.soma(), xs, soma);
      int ortCalls = callsPerStretch(onnx, xs, ort);
      int plainCalls = contenders.plain() == null ? 0 : callsPerStretch(contenders.plain(), xs, plain);
      double[] ratios = new double[rounds];
      double[] plainRatios = new double[rounds];
      double[] peakShares = new double[rounds];
      double[] peaks = new double[rounds];
      double flops = (double) contenders.flopsPerRow() * rows;
      for (int round = 0; round < rounds; round++) {
        double s = nanosPerCall(contenders.soma(), xs, soma, calls);
        double o = nanosPerCall(onnx, xs, ort, ortCalls);
        double p = plainCalls == 0 ? Double.NaN : nanosPerCall(contenders.plain(), xs, plain, plainCalls);
        double peak = peakGflops();
        ratios[round] = o / s;
        plainRatios[round] = o / p;
        peaks[round] = peak;
        peakShares[round] = flops / s / peak;
        System.out.printf(
            Locale.ROOT,
            "%s rows %d round %d: soma %.0f ns, ORT %.0f ns, plain %.0f ns per batch; ORT/soma %.2f, ORT/plain %.2f;"
                + " soma %.1f GFLOP/s, peak %.1f GFLOP/s%n",
            net, rows, round, s, o, p, o / s, o / p, flops / s, peak);
      }
      Arrays.sort(ratios);
      Arrays.sort(plainRatios);
      Arrays.sort(peakShares);
      Arrays.sort(peaks);
      System.out.printf(
          Locale.ROOT,
          "RESULT %s rows %d, %d rounds: ORT/soma median %.2f (min %.2f, max %.2f); ORT/plain median %.2f;"
              + " soma at %.0f %% of the FMA peak (median; peak %.0f GFLOP/s)%n",
          net, rows, rounds, ratios[rounds / 2], ratios[0], ratios[rounds - 1], plainRatios[rounds / 2],
          100 * peakShares[rounds / 2], peaks[rounds / 2]);
    }
  }

  private static Contenders contenders(String net) {
    Activation.Kind identity = Activation.Kind.IDENTITY;
    switch (net) {
      case "N2": {
        SomaN2Batch n2 = SomaN2Batch.random(42);
        SomaN2BatchSimd simd = new SomaN2BatchSimd(n2.weights(), n2.biases());
        Mlp mlp =
            new Mlp(n2.weights(), n2.biases(), new int[] {784, 128, 10},
                new Activation.Kind[] {Activation.Kind.RELU, identity});
        return new Contenders(simd::forward, n2::forward, mlp);
      }
      case "N3": {
        SomaN3Batch n3 = SomaN3Batch.random(42);
        SomaN3BatchSimd simd = new SomaN3BatchSimd(n3.weights(), n3.biases());
        return new Contenders(simd::forward, n3::forward, N3Benchmark.mlp(n3.weights(), n3.biases()));
      }
      case "N3row": {
        SomaN3WideSimd simd = SomaN3WideSimd.random(42);
        SomaN3Wide plain = new SomaN3Wide(simd.weights(), simd.biases());
        return new Contenders(
            (xs, ys) -> rowByRow(simd::forward, xs, ys),
            (xs, ys) -> rowByRow(plain::forward, xs, ys),
            N3Benchmark.mlp(simd.weights(), simd.biases()));
      }
      case "sigmoid": {
        SomaSmoothSigmoidSimd soma = SomaSmoothSigmoidSimd.random(42);
        return smooth(soma::forward, soma.weights(), soma.biases(), Activation.Kind.SIGMOID);
      }
      case "tanh": {
        SomaSmoothTanhSimd soma = SomaSmoothTanhSimd.random(42);
        return smooth(soma::forward, soma.weights(), soma.biases(), Activation.Kind.TANH);
      }
      case "gelu": {
        SomaSmoothGeluSimd soma = SomaSmoothGeluSimd.random(42);
        return smooth(soma::forward, soma.weights(), soma.biases(), Activation.Kind.GELU);
      }
      default:
        throw new IllegalArgumentException("no network " + net + "; N2, N3, N3row, sigmoid, tanh or gelu");
    }
  }

  /** A 784-512-512-10 network with {@code hidden} on both hidden layers, one call per row. */
  private static Contenders smooth(Row row, float[][] weights, float[][] biases, Activation.Kind hidden) {
    Mlp mlp =
        new Mlp(weights, biases, new int[] {784, 512, 512, 10},
            new Activation.Kind[] {hidden, hidden, Activation.Kind.IDENTITY});
    return new Contenders((xs, ys) -> rowByRow(row, xs, ys), null, mlp);
  }

  /** A single-row forward pass. */
  private interface Row {
    void forward(float[] x, float[] y);
  }

  private static void rowByRow(Row row, float[][] xs, float[][] ys) {
    for (int r = 0; r < xs.length; r++) {
      row.forward(xs[r], ys[r]);
    }
  }

  private static void check(float[][] soma, float[][] ort) {
    for (int r = 0; r < soma.length; r++) {
      for (int o = 0; o < soma[r].length; o++) {
        double error = Math.abs(soma[r][o] - ort[r][o]) / Math.max(1, Math.abs(ort[r][o]));
        if (!(error <= 1e-3)) {
          throw new IllegalStateException(
              "Soma and ONNX Runtime differ at row " + r + ", output " + o + ": " + soma[r][o] + " against " + ort[r][o]);
        }
      }
    }
  }

  /**
   * GFLOP/s of {@value #CHAINS} independent chains of fused multiply-adds on vectors in registers,
   * run for one stretch: the core's arithmetic peak at this moment.
   */
  private static double peakGflops() {
    float[] state = new float[CHAINS * SPECIES.length()];
    long fmas = 0;
    long start = System.nanoTime();
    long end = start + STRETCH_NANOS;
    long now;
    do {
      fmaChunk(state);
      fmas += (long) PEAK_ROUNDS * CHAINS;
      now = System.nanoTime();
    } while (now < end);
    float sum = 0;
    for (float value : state) {
      sum += value;
    }
    sink = sum;
    return 2.0 * fmas * SPECIES.length() / (now - start);
  }

  /**
   * {@value #PEAK_ROUNDS} rounds of {@code a = 0.5 a + 0.25} on each of {@value #CHAINS} vectors
   * loaded from and stored back to {@code state}: a method called many times, which C2 compiles
   * whole (a long-running loop in {@link #peakGflops} itself would only be compiled on stack, where
   * the Vector API boxed its vectors and measured 1.6 GFLOP/s).
   */
  private static void fmaChunk(float[] state) {
    int lanes = SPECIES.length();
    FloatVector m = FloatVector.broadcast(SPECIES, 0.5f);
    FloatVector c = FloatVector.broadcast(SPECIES, 0.25f);
    FloatVector a0 = FloatVector.fromArray(SPECIES, state, 0);
    FloatVector a1 = FloatVector.fromArray(SPECIES, state, lanes);
    FloatVector a2 = FloatVector.fromArray(SPECIES, state, 2 * lanes);
    FloatVector a3 = FloatVector.fromArray(SPECIES, state, 3 * lanes);
    FloatVector a4 = FloatVector.fromArray(SPECIES, state, 4 * lanes);
    FloatVector a5 = FloatVector.fromArray(SPECIES, state, 5 * lanes);
    FloatVector a6 = FloatVector.fromArray(SPECIES, state, 6 * lanes);
    FloatVector a7 = FloatVector.fromArray(SPECIES, state, 7 * lanes);
    FloatVector a8 = FloatVector.fromArray(SPECIES, state, 8 * lanes);
    FloatVector a9 = FloatVector.fromArray(SPECIES, state, 9 * lanes);
    FloatVector a10 = FloatVector.fromArray(SPECIES, state, 10 * lanes);
    FloatVector a11 = FloatVector.fromArray(SPECIES, state, 11 * lanes);
    FloatVector a12 = FloatVector.fromArray(SPECIES, state, 12 * lanes);
    FloatVector a13 = FloatVector.fromArray(SPECIES, state, 13 * lanes);
    FloatVector a14 = FloatVector.fromArray(SPECIES, state, 14 * lanes);
    FloatVector a15 = FloatVector.fromArray(SPECIES, state, 15 * lanes);
    for (int r = 0; r < PEAK_ROUNDS; r++) {
      a0 = m.fma(a0, c);
      a1 = m.fma(a1, c);
      a2 = m.fma(a2, c);
      a3 = m.fma(a3, c);
      a4 = m.fma(a4, c);
      a5 = m.fma(a5, c);
      a6 = m.fma(a6, c);
      a7 = m.fma(a7, c);
      a8 = m.fma(a8, c);
      a9 = m.fma(a9, c);
      a10 = m.fma(a10, c);
      a11 = m.fma(a11, c);
      a12 = m.fma(a12, c);
      a13 = m.fma(a13, c);
      a14 = m.fma(a14, c);
      a15 = m.fma(a15, c);
    }
    a0.intoArray(state, 0);
    a1.intoArray(state, lanes);
    a2.intoArray(state, 2 * lanes);
    a3.intoArray(state, 3 * lanes);
    a4.intoArray(state, 4 * lanes);
    a5.intoArray(state, 5 * lanes);
    a6.intoArray(state, 6 * lanes);
    a7.intoArray(state, 7 * lanes);
    a8.intoArray(state, 8 * lanes);
    a9.intoArray(state, 9 * lanes);
    a10.intoArray(state, 10 * lanes);
    a11.intoArray(state, 11 * lanes);
    a12.intoArray(state, 12 * lanes);
    a13.intoArray(state, 13 * lanes);
    a14.intoArray(state, 14 * lanes);
    a15.intoArray(state, 15 * lanes);
  }

  private static int callsPerStretch(Batch batch, float[][] xs, float[][] ys) throws OrtException {
    double nanos = nanosPerCall(batch, xs, ys, 5);
    return (int) Math.max(1, STRETCH_NANOS / nanos);
  }

  private static double nanosPerCall(Batch batch, float[][] xs, float[][] ys, int calls) throws OrtException {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      batch.run(xs, ys);
    }
    return (System.nanoTime() - start) / (double) calls;
  }
}
