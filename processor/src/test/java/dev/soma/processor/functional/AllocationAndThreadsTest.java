package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.processor.networks.SomaLecture_PartyDecider;
import dev.soma.processor.networks.SomaShapes_LargeFloat;
import dev.soma.processor.networks.SomaShapes_LargeScalar;
import dev.soma.processor.networks.SomaShapes_SmallFloat;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The allocation-free forms allocate nothing after warm-up, and one instance serves many threads. */
class AllocationAndThreadsTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * The fewest bytes this thread allocates in one run of {@code calls}, over five runs after five
   * warm-up runs. While HotSpot swaps interpreted for compiled code a run may see a few bytes of
   * one-off allocation; a form that allocated per call would show megabytes in every run.
   */
  private static long allocatedBy(Runnable calls) {
    for (int warmUp = 0; warmUp < 5; warmUp++) {
      calls.run();
    }
    long id = Thread.currentThread().getId();
    long fewest = Long.MAX_VALUE;
    for (int run = 0; run < 5; run++) {
      long before = THREADS.getThreadAllocatedBytes(id);
      calls.run();
      fewest = Math.min(fewest, THREADS.getThreadAllocatedBytes(id) - before);
    }
    return fewest;
  }

  @Test
  void allocationFreeFormsAllocateNothing() {
    SomaShapes_SmallFloat small = SomaShapes_SmallFloat.random(1);
    SomaShapes_LargeFloat large = SomaShapes_LargeFloat.random(2);
    SomaShapes_LargeScalar scalar = SomaShapes_LargeScalar.random(3);
    SomaLecture_PartyDecider party = SomaLecture_PartyDecider.random(4);
    float[] x5 = new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f};
    float[] x20 = ReferenceComparisonTest.floats(new SplittableRandom(5), 20);
    float[] y3 = new float[3];
    float[] y10 = new float[10];
    int[] sink = new int[1];
    float[] fsink = new float[1];
    long bytes =
        allocatedBy(
            () -> {
              for (int n = 0; n < 20_000; n++) {
                small.probabilities(x5, y3);
                sink[0] += small.classify(x5);
                large.probabilities(x20, y10);
                sink[0] += large.classify(x20);
                fsink[0] += scalar.score(0.1f, 0.2f, n);
                fsink[0] += party.attend(1, 0, n);
              }
            });
    assertEquals(0, bytes, "bytes allocated by 120,000 allocation-free calls");
  }

  @Test
  void oneInstanceGivesTheSameResultsFromManyThreads() throws Exception {
    SomaShapes_LargeFloat network = SomaShapes_LargeFloat.random(6);
    SplittableRandom random = new SplittableRandom(7);
    float[][] inputs = new float[256][];
    float[][] expected = new float[256][];
    for (int n = 0; n < inputs.length; n++) {
      inputs[n] = ReferenceComparisonTest.floats(random, 20);
      expected[n] = network.probabilities(inputs[n]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Callable<float[][]> task =
            () -> {
              float[][] outputs = new float[inputs.length][10];
              for (int round = 0; round < 50; round++) {
                for (int n = 0; n < inputs.length; n++) {
                  network.probabilities(inputs[n], outputs[n]);
                }
              }
              return outputs;
            };
        results.add(pool.submit(task));
      }
      for (Future<float[][]> result : results) {
        float[][] outputs = result.get();
        for (int n = 0; n < inputs.length; n++) {
          assertArrayEquals(expected[n], outputs[n]);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
