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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pieces of {@link N1ChainBenchmark}'s chain, each as a chain of its own (ns per link): every
 * link's input is the previous link's output plus a fresh value, as there. {@code add} is that
 * addition alone (the floor every chain pays); {@code layer1*} the first layer's neuron 0 (the
 * generated sum {@code 0.1f + 0.6f * x + -0.4f * 0.5f + 0.9f * 0.25f}) bare, with {@link
 * Activations#relu} and with a compare-and-branch ReLU; {@code layers} both layers of N1 without
 * the sigmoid; {@code sigmoid*} and {@code exp*} the activation alone; {@code divide*} a float and
 * a double division; {@code full*} the whole network written out as the generated {@code attend}
 * is. The differences between the chains are what each piece adds to the latency of one call.
 * {@code independent*}: the whole network on inputs that do not depend on each other, in [0, 2),
 * where the sign of the second hidden neuron changes at random. The same 256 values come back in
 * every invocation, and a branch predictor can learn a sequence that short; the {@code *Long}
 * variants take each invocation's 256 values from the next place in 65,536 values instead, as new
 * data would come, so a mispredicted branch shows there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class N1ChainPartsBenchmark {
  private static final int CALLS = 256;
  private static final float VENUE = 0.5f;
  private static final float COMPANY = 0.25f;

  private static final int LONG = 1 << 16;

  private final float[] fresh = new float[CALLS];
  private final float[] many = new float[LONG];
  private int start;

  /** One link of a chain. Each benchmark runs in a JVM of its own, so C2 inlines the one link. */
  private interface Link {
    float apply(float x);
  }

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < CALLS; i++) {
      fresh[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < LONG; i++) {
      many[i] = (float) random.nextDouble();
    }
  }

  /** The next 256 of the 65,536 values. */
  private int next() {
    start = (start + CALLS) & (LONG - 1);
    return start;
  }

  private float chainLong(Link link) {
    int from = next();
    float out = 0;
    for (int i = 0; i < CALLS; i++) {
      out = link.apply(many[from + i] + out);
    }
    return out;
  }

  private float independentLong(Link link) {
    int from = next();
    float sum = 0;
    for (int i = 0; i < CALLS; i++) {
      sum += link.apply(2 * many[from + i]);
    }
    return sum;
  }

  private float chain(Link link) {
    float out = 0;
    for (int i = 0; i < CALLS; i++) {
      out = link.apply(fresh[i] + out);
    }
    return out;
  }

  private float independent(Link link) {
    float sum = 0;
    for (int i = 0; i < CALLS; i++) {
      sum += link.apply(2 * fresh[i]);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float add() {
    return chain(x -> x * 0.5f);
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float layer1Linear() {
    return chain(x -> neuron0(x) * 0.5f);
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float layer1Relu() {
    return chain(x -> Activations.relu(neuron0(x)) * 0.5f);
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float layer1BranchRelu() {
    return chain(x -> branchRelu(neuron0(x)) * 0.5f);
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float layer1BitsRelu() {
    return chain(x -> bitsRelu(neuron0(x)) * 0.5f);
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float layers() {
    return chain(x -> layers(x, false));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float layersBranchRelu() {
    return chain(x -> layers(x, true));
  }

  /** Both layers with Math.fma instead of a multiplication and an addition (other bits). */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float layersFma() {
    return chain(
        x -> {
          float h0 = Activations.relu(Math.fma(0.9f, COMPANY, Math.fma(-0.4f, VENUE, Math.fma(0.6f, x, 0.1f))));
          float h1 = Activations.relu(Math.fma(0.5f, COMPANY, Math.fma(0.8f, VENUE, Math.fma(-0.3f, x, -0.2f))));
          return Math.fma(-0.7f, h1, Math.fma(1.2f, h0, 0.05f));
        });
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float sigmoidExact() {
    return chain(Activations::sigmoid);
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float sigmoidFast() {
    return chain(FastActivations::sigmoid);
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float expMath() {
    return chain(x -> (float) Math.exp(-(double) x));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float expFast() {
    return chain(x -> FastActivations.exp(-x));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float divide() {
    return chain(x -> 1 / (1 + x));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float divideDouble() {
    return chain(x -> (float) (1 / (1 + (double) x)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullExact() {
    return chain(x -> Activations.sigmoid(layers(x, false)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullExactBranchRelu() {
    return chain(x -> Activations.sigmoid(layers(x, true)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullFast() {
    return chain(x -> FastActivations.sigmoid(layers(x, false)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullFastBranchRelu() {
    return chain(x -> FastActivations.sigmoid(layers(x, true)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float independentExact() {
    return independent(x -> Activations.sigmoid(layers(x, false)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float independentExactBranchRelu() {
    return independent(x -> Activations.sigmoid(layers(x, true)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float independentFast() {
    return independent(x -> FastActivations.sigmoid(layers(x, false)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullExactLong() {
    return chainLong(x -> Activations.sigmoid(layers(x, false)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullExactBranchReluLong() {
    return chainLong(x -> Activations.sigmoid(layers(x, true)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullExactBitsReluLong() {
    return chainLong(
        x -> {
          float z0 = neuron0(x);
          float z1 = -0.2f + -0.3f * x + 0.8f * VENUE + 0.5f * COMPANY;
          return Activations.sigmoid(0.05f + 1.2f * bitsRelu(z0) + -0.7f * bitsRelu(z1));
        });
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float fullFastLong() {
    return chainLong(x -> FastActivations.sigmoid(layers(x, false)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float independentExactLong() {
    return independentLong(x -> Activations.sigmoid(layers(x, false)));
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public float independentExactBranchReluLong() {
    return independentLong(x -> Activations.sigmoid(layers(x, true)));
  }

  /** The first hidden neuron's sum, as the generated code writes it (bias first, then in order). */
  private static float neuron0(float weather) {
    return 0.1f + 0.6f * weather + -0.4f * VENUE + 0.9f * COMPANY;
  }

  /** N1's two layers without the sigmoid, ReLU as {@link Activations#relu} or as a branch. */
  private static float layers(float weather, boolean branch) {
    float z0 = neuron0(weather);
    float z1 = -0.2f + -0.3f * weather + 0.8f * VENUE + 0.5f * COMPANY;
    float h0 = branch ? branchRelu(z0) : Activations.relu(z0);
    float h1 = branch ? branchRelu(z1) : Activations.relu(z1);
    return 0.05f + 1.2f * h0 + -0.7f * h1;
  }

  /**
   * {@link Activations#relu} on the float's bits, without a branch: the sign bit clears the value
   * (to +0, also for -0 and -infinity) unless it is a NaN.
   */
  private static float bitsRelu(float z) {
    int bits = Float.floatToRawIntBits(z);
    int negative = bits >> 31;
    int notANumber = (0x7f800000 - (bits & 0x7fffffff)) >> 31;
    return Float.intBitsToFloat(bits & ~(negative & ~notANumber));
  }

  /** {@link Activations#relu} as a compare and branch: +0 for -0 and below, NaN for NaN. */
  private static float branchRelu(float z) {
    return z > 0 ? z : z <= 0 ? 0f : z;
  }
}
