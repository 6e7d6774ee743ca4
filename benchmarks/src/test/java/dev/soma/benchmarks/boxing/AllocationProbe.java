package dev.soma.benchmarks.boxing;

import com.sun.management.ThreadMXBean;
import dev.soma.benchmarks.nets.SmoothSigmoidSimd;
import dev.soma.benchmarks.nets.SmoothTanhSimd;
import dev.soma.benchmarks.nets.SomaSmoothSigmoidSimd;
import dev.soma.benchmarks.nets.SomaSmoothTanhSimd;
import dev.soma.benchmarks.nets.SomaStorageBatchNets_N2Bf16;
import dev.soma.benchmarks.nets.SomaStorageBatchNets_N2Int8;
import dev.soma.benchmarks.nets.SomaStorageNets_N2Bf16Simd;
import dev.soma.benchmarks.nets.StorageBatchNets;
import dev.soma.benchmarks.nets.StorageNets;
import java.lang.management.ManagementFactory;

/**
 * Run in a JVM of its own by {@link VectorBoxingTest}: calls one SIMD network's {@code forward}
 * {@value #CALLS} times per round for {@code rounds} rounds (the first ones warm it up) and prints
 * the bytes the calling thread allocated per call in each round, one line per round.
 */
public final class AllocationProbe {
  static final int CALLS = 2000;

  private AllocationProbe() {}

  /** One single-row forward pass, {@code y} written from {@code x}. */
  private interface Forward {
    void run(float[] x, float[] y);
  }

  /** One batched forward pass, {@code ys} written from {@code xs}. */
  private interface BatchForward {
    void run(float[][] xs, float[][] ys);
  }

  /** Rows per batch of the batched probes: one whole block of the SIMD batched kernel. */
  static final int BATCH = 64;

  public static void main(String[] args) {
    String network = args[0];
    int rounds = Integer.parseInt(args[1]);
    switch (network) {
      case "SmoothSigmoidSimd":
        SmoothSigmoidSimd sigmoid = SomaSmoothSigmoidSimd.random(42);
        probe(sigmoid::forward, 784, 10, rounds);
        break;
      case "SmoothTanhSimd":
        SmoothTanhSimd tanh = SomaSmoothTanhSimd.random(42);
        probe(tanh::forward, 784, 10, rounds);
        break;
      case "N2Bf16Simd":
        StorageNets.N2Bf16Simd bf16 = SomaStorageNets_N2Bf16Simd.random(42);
        probe(bf16::forward, 784, 10, rounds);
        break;
      case "N2Bf16Batch":
        StorageBatchNets.N2Bf16 bf16Batch = SomaStorageBatchNets_N2Bf16.random(42);
        probeBatch(bf16Batch::forward, 784, 10, rounds);
        break;
      case "N2Int8Batch":
        StorageBatchNets.N2Int8 int8Batch = SomaStorageBatchNets_N2Int8.random(42);
        probeBatch(int8Batch::forward, 784, 10, rounds);
        break;
      default:
        throw new IllegalArgumentException("no probe for " + network);
    }
  }

  private static void probe(Forward forward, int in, int out, int rounds) {
    float[] x = new float[in];
    float[] y = new float[out];
    for (int i = 0; i < in; i++) {
      x[i] = (float) Math.sin(i);
    }
    measure(
        () -> {
          forward.run(x, y);
          x[0] = y[0];
        },
        CALLS,
        rounds);
  }

  private static void probeBatch(BatchForward forward, int in, int out, int rounds) {
    float[][] xs = new float[BATCH][in];
    float[][] ys = new float[BATCH][out];
    for (int r = 0; r < BATCH; r++) {
      for (int i = 0; i < in; i++) {
        xs[r][i] = (float) Math.sin(i + 7 * r);
      }
    }
    measure(
        () -> {
          forward.run(xs, ys);
          xs[0][0] = ys[0][0];
        },
        CALLS / 10,
        rounds);
  }

  /** Prints the bytes this thread allocates per call of {@code call}, {@code calls} calls a round. */
  private static void measure(Runnable call, int calls, int rounds) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int round = 0; round < rounds; round++) {
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < calls; i++) {
        call.run();
      }
      long after = threads.getThreadAllocatedBytes(id);
      System.out.println("round " + round + ": " + (after - before) / calls + " B/call");
    }
  }
}
