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
 * The batched loop form's inner pass, {@code y[i] = y[i] + c0[i] * x0 + ... + c7[i] * x7}, with
 * everything in L1: {@value #TOTAL} outputs per operation, either as 16 passes over the same 128
 * outputs (N2's hidden layer) or as one pass over {@value #TOTAL}. How much of the arithmetic peak
 * the form reaches, and what the short passes cost. The score is floating-point operations per
 * nanosecond (GFLOP/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class PassLengthBenchmark {
  private static final int TOTAL = 2048;
  private static final int COLUMNS = 8;

  private float[] y;
  private float[] c0;
  private float[] c1;
  private float[] c2;
  private float[] c3;
  private float[] c4;
  private float[] c5;
  private float[] c6;
  private float[] c7;
  private final float x0 = 1e-3f;
  private final float x1 = 2e-3f;
  private final float x2 = 3e-3f;
  private final float x3 = 4e-3f;
  private final float x4 = 5e-3f;
  private final float x5 = 6e-3f;
  private final float x6 = 7e-3f;
  private final float x7 = 8e-3f;

  @Setup
  public void setUp() {
    y = new float[TOTAL];
    float[][] c = new float[COLUMNS][TOTAL];
    for (int k = 0; k < COLUMNS; k++) {
      for (int i = 0; i < TOTAL; i++) {
        c[k][i] = 1e-3f * ((i + k) % 17);
      }
    }
    c0 = c[0];
    c1 = c[1];
    c2 = c[2];
    c3 = c[3];
    c4 = c[4];
    c5 = c[5];
    c6 = c[6];
    c7 = c[7];
  }

  @Benchmark
  @OperationsPerInvocation(TOTAL * COLUMNS * 2)
  public float[] passesOf128() {
    for (int pass = 0; pass < TOTAL / 128; pass++) {
      float[] out = y;
      for (int i = 0; i < 128; i++) {
        out[i] =
            out[i] + c0[i] * x0 + c1[i] * x1 + c2[i] * x2 + c3[i] * x3 + c4[i] * x4 + c5[i] * x5
                + c6[i] * x6 + c7[i] * x7;
      }
    }
    return y;
  }

  @Benchmark
  @OperationsPerInvocation(TOTAL * COLUMNS * 2)
  public float[] onePassOf2048() {
    float[] out = y;
    for (int i = 0; i < TOTAL; i++) {
      out[i] =
          out[i] + c0[i] * x0 + c1[i] * x1 + c2[i] * x2 + c3[i] * x3 + c4[i] * x4 + c5[i] * x5
              + c6[i] * x6 + c7[i] * x7;
    }
    return out;
  }
}
