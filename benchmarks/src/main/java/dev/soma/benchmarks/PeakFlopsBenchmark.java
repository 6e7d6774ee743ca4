package dev.soma.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A practical arithmetic peak for this core as C2 reaches it: a short array that stays in L1, and
 * per element a chain of multiply-adds whose constants live in registers. Lanes of a vector and the
 * unrolled iterations are independent, so the vector units, not memory, bound it. The chains are
 * written out: as a constant-count inner loop C2 did not vectorise them (13 instead of 165
 * GFLOP/s). The score is floating-point operations (two per multiply-add) per nanosecond: GFLOP/s.
 * The {@code mulAdd} kernels write {@code x * m + c} as two operations (the form Soma's generated
 * code uses: Java never fuses them); the {@code fma} kernels use {@link Math#fma}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class PeakFlopsBenchmark {
  /** Floats per array: 4 KiB, well inside the 48 KiB L1. */
  private static final int LENGTH = 1024;

  private static final int SHORT_CHAIN = 4;

  private static final int LONG_CHAIN = 16;

  private final float[] values = new float[LENGTH];
  private float a;
  private float b;

  @Setup
  public void setUp() {
    for (int i = 0; i < LENGTH; i++) {
      values[i] = i * 1e-3f;
    }
    // x -> a * x + b with |a| < 1 converges, so values stay finite and normal across passes.
    a = 0.5f;
    b = 0.25f;
  }

  @Benchmark
  @OperationsPerInvocation(LENGTH * SHORT_CHAIN * 2)
  public float[] mulAdd4() {
    float[] v = values;
    float m = a;
    float c = b;
    for (int i = 0; i < LENGTH; i++) {
      float x = v[i];
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      v[i] = x;
    }
    return v;
  }

  @Benchmark
  @OperationsPerInvocation(LENGTH * LONG_CHAIN * 2)
  public float[] mulAdd() {
    float[] v = values;
    float m = a;
    float c = b;
    for (int i = 0; i < LENGTH; i++) {
      float x = v[i];
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      x = x * m + c;
      v[i] = x;
    }
    return v;
  }

  @Benchmark
  @OperationsPerInvocation(LENGTH * SHORT_CHAIN * 2)
  public float[] fma4() {
    float[] v = values;
    float m = a;
    float c = b;
    for (int i = 0; i < LENGTH; i++) {
      float x = v[i];
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      v[i] = x;
    }
    return v;
  }

  @Benchmark
  @OperationsPerInvocation(LENGTH * LONG_CHAIN * 2)
  public float[] fma() {
    float[] v = values;
    float m = a;
    float c = b;
    for (int i = 0; i < LENGTH; i++) {
      float x = v[i];
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      x = Math.fma(x, m, c);
      v[i] = x;
    }
    return v;
  }
}
