package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
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
 * One network, batch 1, four ways side by side: Soma's generated class ({@link #soma}, through the
 * subclass's {@link #runSoma}), the {@link PlainInterpreter}, and ONNX Runtime with one thread and
 * with its default threads, all on the same weights and the same input. Set-up checks that all
 * four agree before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(3)
public abstract class ForwardBenchmark {
  /** Largest difference allowed between implementations: float sums in different orders. */
  private static final float TOLERANCE = 1e-3f;

  protected float[] x;
  protected float[] y;
  private PlainInterpreter interpreter;
  private OrtRunner ort;

  /** Creates the generated network and returns its weights and shape. */
  protected abstract Mlp createSoma();

  /**
   * Runs the generated network. Each fork loads one subclass, so C2 inlines this call as if it were
   * written out in {@link #soma}.
   */
  protected abstract void runSoma(float[] input, float[] output);

  @Setup
  public void setUp(BenchmarkParams params) throws OrtException {
    Mlp mlp = createSoma();
    SplittableRandom random = new SplittableRandom(7);
    x = new float[mlp.inputs()];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) random.nextDouble();
    }
    y = new float[mlp.outputs()];
    interpreter = new PlainInterpreter(mlp);
    String benchmark = params.getBenchmark();
    if (benchmark.endsWith(".ortOneThread")) {
      ort = new OrtRunner(mlp, 1);
    } else if (benchmark.endsWith(".ortDefault")) {
      ort = new OrtRunner(mlp, 0);
    }
    checkAgreement();
  }

  private void checkAgreement() throws OrtException {
    float[] expected = new float[y.length];
    interpreter.forward(x, expected);
    float[] actual = new float[y.length];
    runSoma(x, actual);
    compare("Soma", expected, actual);
    if (ort != null) {
      ort.forward(x, actual);
      compare("ONNX Runtime", expected, actual);
    }
  }

  private static void compare(String name, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= TOLERANCE * Math.max(1, Math.abs(expected[i])))) {
        throw new IllegalStateException(
            name + " output " + i + " is " + actual[i] + ", the interpreter gives " + expected[i]);
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
  public float[] soma() {
    runSoma(x, y);
    return y;
  }

  @Benchmark
  public float[] interpreter() {
    interpreter.forward(x, y);
    return y;
  }

  @Benchmark
  public float[] ortOneThread() throws OrtException {
    ort.forward(x, y);
    return y;
  }

  @Benchmark
  public float[] ortDefault() throws OrtException {
    ort.forward(x, y);
    return y;
  }
}
