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
 * Soma time: above 1, Soma is faster). Outputs are checked against ONNX Runtime's first. A
 * companion to the JMH tables, not a replacement: no forks, no blackholes.
 */
public final class InterleavedRatio {
  /** How long each side of a round runs. */
  private static final long STRETCH_NANOS = 300_000_000L;

  /** Warm-up before the first round: the Vector API needs hundreds of calls before C2 compiles it. */
  private static final long WARM_UP_NANOS = 4_000_000_000L;

  private InterleavedRatio() {}

  /** A batch through one implementation. */
  private interface Batch {
    void run(float[][] xs, float[][] ys) throws OrtException;
  }

  /** The network under test: Soma's form, the plain batched form or null, and the MLP for ORT. */
  private record Contenders(Batch soma, Batch plain, Mlp mlp) {}

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
      for (int round = 0; round < rounds; round++) {
        double s = nanosPerCall(contenders.soma(), xs, soma, calls);
        double o = nanosPerCall(onnx, xs, ort, ortCalls);
        double p = plainCalls == 0 ? Double.NaN : nanosPerCall(contenders.plain(), xs, plain, plainCalls);
        ratios[round] = o / s;
        plainRatios[round] = o / p;
        System.out.printf(
            Locale.ROOT,
            "%s rows %d round %d: soma %.0f ns, ORT %.0f ns, plain %.0f ns per batch; ORT/soma %.2f, ORT/plain %.2f%n",
            net, rows, round, s, o, p, o / s, o / p);
      }
      Arrays.sort(ratios);
      Arrays.sort(plainRatios);
      System.out.printf(
          Locale.ROOT,
          "RESULT %s rows %d, %d rounds: ORT/soma median %.2f (min %.2f, max %.2f); ORT/plain median %.2f%n",
          net, rows, rounds, ratios[rounds / 2], ratios[0], ratios[rounds - 1], plainRatios[rounds / 2]);
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
