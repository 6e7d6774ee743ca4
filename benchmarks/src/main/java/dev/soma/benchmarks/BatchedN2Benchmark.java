package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN2Batch;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * N2 (784-128(ReLU)-10) on a batch of {@value #ROWS} inputs per operation: Soma's batched method,
 * Soma's single-input method called once per row, the {@link PlainInterpreter} once per row, and
 * ONNX Runtime on one {@code [64, 784]} tensor (one thread and default). Times are per batch; per
 * input and GFLOP/s follow from {@link SomaN2Batch#FLOPS}. Set-up checks that all agree first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2)
public class BatchedN2Benchmark {
  /** Inputs per batch, as in the target. */
  public static final int ROWS = 64;

  /** Largest difference allowed between implementations: float sums in different orders. */
  private static final float TOLERANCE = 1e-3f;

  private SomaN2Batch soma;
  private float[][] xs;
  private float[][] ys;
  private PlainInterpreter interpreter;
  private OrtRunner ort;

  @Setup
  public void setUp(BenchmarkParams params) throws OrtException {
    soma = SomaN2Batch.random(42);
    Mlp mlp =
        new Mlp(
            soma.weights(),
            soma.biases(),
            new int[] {784, 128, 10},
            new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.IDENTITY});
    SplittableRandom random = new SplittableRandom(7);
    xs = new float[ROWS][mlp.inputs()];
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble();
      }
    }
    ys = new float[ROWS][mlp.outputs()];
    interpreter = new PlainInterpreter(mlp);
    String benchmark = params.getBenchmark();
    if (benchmark.endsWith(".ortOneThread")) {
      ort = new OrtRunner(mlp, 1, ROWS);
    } else if (benchmark.endsWith(".ortDefault")) {
      ort = new OrtRunner(mlp, 0, ROWS);
    }
    checkAgreement();
  }

  private void checkAgreement() throws OrtException {
    float[][] expected = new float[ROWS][ys[0].length];
    for (int n = 0; n < ROWS; n++) {
      interpreter.forward(xs[n], expected[n]);
    }
    float[][] actual = new float[ROWS][ys[0].length];
    soma.forward(xs, actual);
    compare("Soma's batched form", expected, actual);
    for (int n = 0; n < ROWS; n++) {
      soma.forward(xs[n], actual[n]);
    }
    compare("Soma's single form", expected, actual);
    if (ort != null) {
      ort.forward(xs, actual);
      compare("ONNX Runtime", expected, actual);
    }
  }

  /** Throws unless every output of {@code actual} is within the tolerance of {@code expected}. */
  static void compare(String name, float[][] expected, float[][] actual) {
    for (int n = 0; n < expected.length; n++) {
      for (int i = 0; i < expected[n].length; i++) {
        float e = expected[n][i];
        if (!(Math.abs(e - actual[n][i]) <= TOLERANCE * Math.max(1, Math.abs(e)))) {
          throw new IllegalStateException(
              name + " row " + n + " output " + i + " is " + actual[n][i] + ", expected " + e);
        }
      }
    }
  }

  @TearDown
  public void tearDown() throws OrtException {
    if (ort != null) {
      ort.close();
    }
  }

  @Benchmark
  public float[][] somaBatched() {
    soma.forward(xs, ys);
    return ys;
  }

  @Benchmark
  public float[][] somaSingle() {
    for (int n = 0; n < ROWS; n++) {
      soma.forward(xs[n], ys[n]);
    }
    return ys;
  }

  @Benchmark
  public float[][] interpreter() {
    for (int n = 0; n < ROWS; n++) {
      interpreter.forward(xs[n], ys[n]);
    }
    return ys;
  }

  @Benchmark
  public float[][] ortOneThread() throws OrtException {
    ort.forward(xs, ys);
    return ys;
  }

  @Benchmark
  public float[][] ortDefault() throws OrtException {
    ort.forward(xs, ys);
    return ys;
  }
}
