package dev.soma.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The per-call scratch memory of a generated forward pass, allocation-free after warm-up on
 * platform and on virtual threads alike.
 *
 * <p>A platform thread keeps its own buffers in a {@link ThreadLocal}: as fast as it gets, and
 * bounded by the threads of the application's pools. A virtual thread (JDK 21+) borrows buffers
 * from a small lock-free pool for the length of one call and returns them: virtual threads come and
 * go by the million, and a thread-local would allocate again on every new one and keep the buffers
 * of every parked one alive. Forward passes never block, so at most as many calls run on virtual
 * threads at once as there are carrier threads; the pool holds twice the processors, and a call
 * that finds it empty allocates (and the pool keeps what fits when it is given back).
 *
 * <p>Generated code calls {@link #take()} and, in a {@code finally}, {@link #give(Object)}.
 *
 * @param <T> the buffers: {@code float[][]}, {@code int[]}, ...
 */
public final class Scratch<T> {
  /** {@code Thread.isVirtual()} where the JDK has it (21+); null on JDK 17. */
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  private final Supplier<T> factory;
  private final ThreadLocal<T> platform;
  private final AtomicReferenceArray<T> pool;
  private final AtomicLong created = new AtomicLong();

  private Scratch(Supplier<T> factory) {
    this.factory = factory;
    this.platform = ThreadLocal.withInitial(this::create);
    this.pool = new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /** Buffers made by {@code factory}, once per platform thread or per concurrent virtual-thread call. */
  public static <T> Scratch<T> of(Supplier<T> factory) {
    return new Scratch<>(factory);
  }

  private T create() {
    created.incrementAndGet();
    return factory.get();
  }

  /** Buffers for this call; the caller gives them back with {@link #give} when it is done. */
  public T take() {
    if (!isVirtual(Thread.currentThread())) {
      return platform.get();
    }
    int slots = pool.length();
    int start = (int) (Thread.currentThread().getId() % slots);
    for (int k = 0; k < slots; k++) {
      int slot = (start + k) % slots;
      T buffers = pool.get(slot);
      if (buffers != null && pool.compareAndSet(slot, buffers, null)) {
        return buffers;
      }
    }
    return create();
  }

  /** Returns buffers from {@link #take}: nothing to do on a platform thread; into the pool otherwise. */
  public void give(T buffers) {
    if (!isVirtual(Thread.currentThread())) {
      return;
    }
    int slots = pool.length();
    int start = (int) (Thread.currentThread().getId() % slots);
    for (int k = 0; k < slots; k++) {
      if (pool.compareAndSet((start + k) % slots, null, buffers)) {
        return;
      }
    }
  }

  /**
   * How many buffers this scratch has created so far: one per platform thread that called, plus one
   * per virtual-thread call that found the pool empty. Tests use it to see the memory bound.
   */
  public long created() {
    return created.get();
  }

  private static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable impossible) {
      throw new AssertionError(impossible);
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException beforeJdk21) {
      return null;
    }
  }
}
