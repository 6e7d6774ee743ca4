package dev.soma.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Two weight storages of one network timed in alternation, batch 1: each round times about 0.3 s of
 * calls to the first ({@code StorageBenchmark}'s networks, same weights and input), then as long of
 * the second, and takes the ratio per round, so a host whose speed changes between JMH iterations
 * slows both sides of a round alike.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   dev.soma.benchmarks.StorageRatio NET FORM BASE OTHER ROUNDS
 * </pre>
 *
 * NET {@code N2} or {@code N3}; FORM {@code plain} or {@code simd}; BASE and OTHER {@code F32},
 * {@code BF16} or {@code INT8}. Prints one line per round and a {@code RESULT} line with the median
 * of OTHER's time / BASE's time (below 1, OTHER is faster).
 */
public final class StorageRatio {
  private static final long STRETCH_NANOS = 300_000_000L;
  private static final long WARM_UP_NANOS = 4_000_000_000L;

  private StorageRatio() {}

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: StorageRatio N2|N3 plain|simd BASE OTHER ROUNDS");
      System.exit(2);
    }
    boolean n2 = args[0].equals("N2");
    boolean simd = args[1].equals("simd");
    int rounds = Integer.parseInt(args[4]);
    float[][][] parameters = StorageBenchmark.parameters(n2);
    float[][] w = parameters[0];
    float[][] b = parameters[1];
    StorageBenchmark.Forward base = StorageBenchmark.create(args[2], n2, simd, w, b);
    StorageBenchmark.Forward other = StorageBenchmark.create(args[3], n2, simd, w, b);
    float[] x = new float[784];
    SplittableRandom random = new SplittableRandom(7);
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) random.nextDouble();
    }
    float[] y = new float[10];
    for (long end = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < end; ) {
      base.forward(x, y);
      other.forward(x, y);
    }
    int baseCalls = callsPerStretch(base, x, y);
    int otherCalls = callsPerStretch(other, x, y);
    double[] ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      double t0 = nanosPerCall(base, x, y, baseCalls);
      double t1 = nanosPerCall(other, x, y, otherCalls);
      ratios[round] = t1 / t0;
      System.out.printf(
          Locale.ROOT, "%s %s round %d: %s %.0f ns, %s %.0f ns; %s/%s time %.3f%n",
          args[0], args[1], round, args[2], t0, args[3], t1, args[3], args[2], t1 / t0);
    }
    Arrays.sort(ratios);
    System.out.printf(
        Locale.ROOT, "RESULT %s %s, %d rounds: %s/%s time median %.3f (min %.3f, max %.3f)%n",
        args[0], args[1], rounds, args[3], args[2], ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
  }

  private static int callsPerStretch(StorageBenchmark.Forward forward, float[] x, float[] y) {
    double nanos = nanosPerCall(forward, x, y, 20);
    return (int) Math.max(1, STRETCH_NANOS / nanos);
  }

  private static double nanosPerCall(StorageBenchmark.Forward forward, float[] x, float[] y, int calls) {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      forward.forward(x, y);
    }
    return (System.nanoTime() - start) / (double) calls;
  }
}
