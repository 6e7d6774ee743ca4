package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN1Party;
import dev.soma.benchmarks.nets.SomaN1PartyFast;
import java.util.SplittableRandom;
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
 * N1, 3-2(ReLU)-1(sigmoid), as a latency chain: each call's first input is the previous call's
 * output plus a fresh value, so no call can start before the last one ends (ns per call). {@code
 * exact}: the generated scalar method with EXACT activations; {@code fast}: the same network with
 * {@code @Network(activations = FAST)}; {@code plainLoop}: the {@link PlainInterpreter} on arrays,
 * the plain Java loop a user would write.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(3)
public class N1ChainBenchmark {
  private static final int CALLS = 256;

  private final SomaN1Party exact = new SomaN1Party();
  private final SomaN1PartyFast fast = new SomaN1PartyFast();
  private PlainInterpreter interpreter;
  private final float[] fresh = new float[CALLS];
  private final float[] x = new float[3];
  private final float[] y = new float[1];

  @Setup
  public void setUp() {
    interpreter =
        new PlainInterpreter(
            new Mlp(
                exact.weights(),
                exact.biases(),
                new int[] {3, 2, 1},
                new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.SIGMOID}));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < CALLS; i++) {
      fresh[i] = (float) random.nextDouble();
    }
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float exact() {
    float out = 0;
    for (int i = 0; i < CALLS; i++) {
      out = exact.attend(fresh[i] + out, 0.5f, 0.25f);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fast() {
    float out = 0;
    for (int i = 0; i < CALLS; i++) {
      out = fast.attend(fresh[i] + out, 0.5f, 0.25f);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float plainLoop() {
    float out = 0;
    x[1] = 0.5f;
    x[2] = 0.25f;
    for (int i = 0; i < CALLS; i++) {
      x[0] = fresh[i] + out;
      interpreter.forward(x, y);
      out = y[0];
    }
    return out;
  }
}
