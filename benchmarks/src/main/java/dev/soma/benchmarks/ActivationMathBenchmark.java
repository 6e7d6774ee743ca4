package dev.soma.benchmarks;

import dev.soma.runtime.Activations;
import dev.soma.runtime.FastActivations;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One float activation, {@code Activations} (EXACT) against {@code FastActivations} (FAST), in ns
 * per call: {@code exactArray}/{@code fastArray} apply it to 512 independent values in [-8, 8]
 * (throughput: the calls overlap), {@code exactChain}/{@code fastChain} feed each result into the
 * next call's argument (latency: the calls cannot overlap). Each fork runs one function, so every
 * call site sees one target and C2 inlines it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(3)
public class ActivationMathBenchmark {
  private static final int SIZE = 512;

  /** A float function, to pick EXACT or FAST per fork. */
  interface FloatFunction {
    float apply(float z);
  }

  @Param({"exp", "sigmoid", "tanh", "swish", "gelu", "geluTanh"})
  public String function;

  private FloatFunction exact;
  private FloatFunction fast;
  private final float[] in = new float[SIZE];
  private final float[] out = new float[SIZE];

  @Setup
  public void setUp() {
    switch (function) {
      case "exp":
        exact = z -> (float) Math.exp(z);
        fast = FastActivations::exp;
        break;
      case "sigmoid":
        exact = Activations::sigmoid;
        fast = FastActivations::sigmoid;
        break;
      case "tanh":
        exact = Activations::tanh;
        fast = FastActivations::tanh;
        break;
      case "swish":
        exact = Activations::swish;
        fast = FastActivations::swish;
        break;
      case "gelu":
        exact = Activations::gelu;
        fast = FastActivations::gelu;
        break;
      case "geluTanh":
        exact = Activations::geluTanh;
        fast = FastActivations::geluTanh;
        break;
      default:
        throw new IllegalArgumentException(function);
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < SIZE; i++) {
      in[i] = (float) random.nextDouble(-8, 8);
    }
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float[] exactArray() {
    return apply(exact);
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float[] fastArray() {
    return apply(fast);
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float exactChain() {
    return chain(exact);
  }

  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float fastChain() {
    return chain(fast);
  }

  private float[] apply(FloatFunction f) {
    for (int i = 0; i < SIZE; i++) {
      out[i] = f.apply(in[i]);
    }
    return out;
  }

  /** z_i = in_i - z_{i-1} / 2: each argument waits for the result before it; |z| stays below 17. */
  private float chain(FloatFunction f) {
    float y = 0;
    for (int i = 0; i < SIZE; i++) {
      y = f.apply(in[i] - 0.5f * Math.min(y, 16f));
    }
    return y;
  }
}
