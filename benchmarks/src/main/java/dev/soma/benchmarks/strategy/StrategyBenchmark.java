package dev.soma.benchmarks.strategy;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * The unrolling thresholds of {@code CodeStrategy}, measured: small networks around them, run from
 * a jar built with {@code -Dsoma.codeStrategy=unrolled} and again from one built with {@code
 * -Dsoma.codeStrategy=loops}, so the same shapes run in both forms ({@code benchmarks/run.sh}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class StrategyBenchmark {
  /** A forward pass under test; one implementation per fork, so the call inlines. */
  private interface Forward {
    void run(float[] x, float[] y);
  }

  @Param({"S4", "S8", "S12", "S16", "W64", "W128", "W256"})
  public String network;

  private Forward forward;
  private float[] x;
  private float[] y;

  @Setup
  public void setUp() {
    int inputs;
    int outputs;
    switch (network) {
      case "S4":
        forward = SomaS4.random(42)::forward;
        inputs = outputs = 4;
        break;
      case "S8":
        forward = SomaS8.random(42)::forward;
        inputs = outputs = 8;
        break;
      case "S12":
        forward = SomaS12.random(42)::forward;
        inputs = outputs = 12;
        break;
      case "S16":
        forward = SomaS16.random(42)::forward;
        inputs = outputs = 16;
        break;
      case "W64":
        forward = SomaW64.random(42)::forward;
        inputs = outputs = 1;
        break;
      case "W128":
        forward = SomaW128.random(42)::forward;
        inputs = outputs = 1;
        break;
      case "W256":
        forward = SomaW256.random(42)::forward;
        inputs = outputs = 1;
        break;
      default:
        throw new IllegalArgumentException(network);
    }
    SplittableRandom random = new SplittableRandom(7);
    x = new float[inputs];
    for (int j = 0; j < inputs; j++) {
      x[j] = (float) random.nextDouble(-1, 1);
    }
    y = new float[outputs];
  }

  @Benchmark
  public float[] soma() {
    forward.run(x, y);
    return y;
  }
}
