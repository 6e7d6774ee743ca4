package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN2Batch;
import dev.soma.benchmarks.nets.SomaN2BatchSimd;
import dev.soma.benchmarks.nets.SomaN3Batch;
import dev.soma.benchmarks.nets.SomaN3BatchSimd;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The batched form {@code void forward(float[][] xs, float[][] ys)} at batch sizes 1 to 256 for N2
 * (784-128(ReLU)-10) and N3 (784-512(ReLU)-512(ReLU)-10), three ways on the same weights and the
 * same rows: Soma's plain batched form ({@code plainBatched}), the Vector API kernel of {@code
 * @Network(simd = true)} ({@code simdBatched}), and ONNX Runtime with one thread on one {@code
 * [rows, 784]} tensor ({@code ortOneThread}). Times are per batch; GFLOP/s is {@code FLOPS * rows /
 * time}, to set against {@link PeakFlopsBenchmark#fma}. Set-up checks that all agree first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class BatchSizesBenchmark {
  @Param({"N2", "N3"})
  public String net;

  @Param({"1", "8", "64", "256"})
  public int rows;

  /** A batched forward pass. */
  private interface Batch {
    void forward(float[][] xs, float[][] ys);
  }

  private Batch plain;
  private Batch simd;
  private float[][] xs;
  private float[][] ys;
  private PlainInterpreter interpreter;
  private OrtRunner ort;

  @Setup
  public void setUp(BenchmarkParams params) throws OrtException {
    Mlp mlp;
    if (net.equals("N2")) {
      SomaN2Batch n2 = SomaN2Batch.random(42);
      SomaN2BatchSimd n2Simd = new SomaN2BatchSimd(n2.weights(), n2.biases());
      plain = n2::forward;
      simd = n2Simd::forward;
      mlp =
          new Mlp(
              n2.weights(),
              n2.biases(),
              new int[] {784, 128, 10},
              new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.IDENTITY});
    } else {
      SomaN3Batch n3 = SomaN3Batch.random(42);
      SomaN3BatchSimd n3Simd = new SomaN3BatchSimd(n3.weights(), n3.biases());
      plain = n3::forward;
      simd = n3Simd::forward;
      mlp = N3Benchmark.mlp(n3.weights(), n3.biases());
    }
    SplittableRandom random = new SplittableRandom(7);
    xs = new float[rows][mlp.inputs()];
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble();
      }
    }
    ys = new float[rows][mlp.outputs()];
    interpreter = new PlainInterpreter(mlp);
    if (params.getBenchmark().endsWith(".ortOneThread")) {
      ort = new OrtRunner(mlp, 1, rows);
    }
    checkAgreement();
  }

  private void checkAgreement() throws OrtException {
    float[][] expected = new float[rows][ys[0].length];
    for (int n = 0; n < rows; n++) {
      interpreter.forward(xs[n], expected[n]);
    }
    float[][] actual = new float[rows][ys[0].length];
    plain.forward(xs, actual);
    BatchedN2Benchmark.compare("Soma's plain batched form", expected, actual);
    simd.forward(xs, actual);
    BatchedN2Benchmark.compare("Soma's SIMD batched form", expected, actual);
    if (ort != null) {
      ort.forward(xs, actual);
      BatchedN2Benchmark.compare("ONNX Runtime", expected, actual);
    }
  }

  @TearDown
  public void tearDown() throws OrtException {
    if (ort != null) {
      ort.close();
    }
  }

  @Benchmark
  public float[][] plainBatched() {
    plain.forward(xs, ys);
    return ys;
  }

  @Benchmark
  public float[][] simdBatched() {
    simd.forward(xs, ys);
    return ys;
  }

  @Benchmark
  public float[][] ortOneThread() throws OrtException {
    ort.forward(xs, ys);
    return ys;
  }
}
