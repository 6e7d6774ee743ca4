package dev.soma.benchmarks;

import dev.soma.benchmarks.nets.SomaN2Mnist;
import dev.soma.benchmarks.nets.SomaN2MnistSimd;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SIMD backend's warm-up cost: the time of the first call and of the first 1,000 calls of N2
 * in a fresh JVM, plain loops against {@code @Network(simd = true)}. The Vector API is slow until
 * C2 has compiled it: before that every vector operation is an object. Both run in forks with
 * {@code --add-modules=jdk.incubator.vector}, which the plain loops do not need.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SimdColdStartBenchmark {
  @Param({"soma", "somaSimd"})
  public String implementation;

  @Param({"1", "1000"})
  public int calls;

  private final float[] x = new float[784];
  private final float[] y = new float[10];
  private BiConsumer<float[], float[]> forward;

  @Setup
  public void setUp() {
    Arrays.fill(x, 0.5f);
    forward =
        implementation.equals("soma")
            ? SomaN2Mnist.random(42)::forward
            : SomaN2MnistSimd.random(42)::forward;
  }

  /** The first {@code calls} forward passes, timed as one shot. */
  @Benchmark
  public float[] firstCalls() {
    for (int n = 0; n < calls; n++) {
      forward.accept(x, y);
    }
    return y;
  }
}
