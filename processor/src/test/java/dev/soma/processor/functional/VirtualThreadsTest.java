package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soma.processor.networks.SomaShapes_ReluBatch;
import dev.soma.runtime.Scratch;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forward passes on virtual threads (JDK 21+): scratch is borrowed per call, so a fresh virtual
 * thread per call creates no new buffers once warm, and 10,000 parked virtual threads that each
 * called once hold none.
 */
class VirtualThreadsTest {
  private static Method startVirtualThread;

  @BeforeAll
  static void needsVirtualThreads() {
    try {
      startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
    } catch (NoSuchMethodException beforeJdk21) {
      startVirtualThread = null;
    }
    assumeTrue(startVirtualThread != null, "virtual threads need JDK 21 or later");
  }

  private static Thread virtual(Runnable task) throws ReflectiveOperationException {
    return (Thread) startVirtualThread.invoke(null, task);
  }

  /** Buffers created so far by every scratch of the class. */
  private static long created() throws ReflectiveOperationException {
    long created = 0;
    for (Field field : SomaShapes_ReluBatch.class.getDeclaredFields()) {
      if (field.getType() == Scratch.class) {
        field.setAccessible(true);
        created += ((Scratch<?>) field.get(null)).created();
      }
    }
    return created;
  }

  private static float[] input(int seed) {
    float[] x = new float[37];
    for (int j = 0; j < x.length; j++) {
      x[j] = ((seed * 31 + j * 17) % 23 - 11) / 7f;
    }
    return x;
  }

  @Test
  void aFreshVirtualThreadPerCallCreatesNoBuffersOnceWarm() throws Exception {
    SomaShapes_ReluBatch network = SomaShapes_ReluBatch.random(5);
    float[] expected = new float[6];
    network.predict(input(1), expected);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable call =
        () -> {
          float[] y = new float[6];
          float[][] ys = {new float[6]};
          network.predict(input(1), y);
          network.predict(new float[][] {input(1)}, ys);
          if (!java.util.Arrays.equals(y, expected) || !java.util.Arrays.equals(ys[0], expected)) {
            failure.set(new AssertionError("a virtual thread computed other values"));
          }
        };
    virtual(call).join();
    long warm = created();
    for (int k = 0; k < 10_000; k++) {
      virtual(call).join();
    }
    assertTrue(failure.get() == null, String.valueOf(failure.get()));
    assertTrue(created() == warm, "10,000 calls on fresh virtual threads created " + (created() - warm) + " buffers");
  }

  @Test
  void parkedVirtualThreadsHoldNoBuffers() throws Exception {
    SomaShapes_ReluBatch network = SomaShapes_ReluBatch.random(6);
    float[] expected = new float[6];
    network.predict(input(2), expected);
    int threads = 10_000;
    CountDownLatch called = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    long before = created();
    List<Thread> started = new ArrayList<>();
    float[][] results = new float[threads][6];
    for (int k = 0; k < threads; k++) {
      int index = k;
      started.add(
          virtual(
              () -> {
                network.predict(input(2), results[index]);
                called.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    called.await();
    long held = created() - before;
    release.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    for (float[] result : results) {
      assertArrayEquals(expected, result);
    }
    // at most a few calls run at once (one per carrier thread); never one set per parked thread
    int bound = 4 * Runtime.getRuntime().availableProcessors() + 4;
    assertTrue(held <= bound, threads + " parked virtual threads made " + held + " buffers; bound " + bound);
  }
}
