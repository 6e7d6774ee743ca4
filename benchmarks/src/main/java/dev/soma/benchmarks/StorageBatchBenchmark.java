package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
import dev.soma.benchmarks.nets.SomaN2BatchSimd;
import dev.soma.benchmarks.nets.SomaN3BatchSimd;
import dev.soma.benchmarks.nets.SomaStorageBatchNets_N2Bf16;
import dev.soma.benchmarks.nets.SomaStorageBatchNets_N2Int8;
import dev.soma.benchmarks.nets.SomaStorageBatchNets_N3Bf16;
import dev.soma.benchmarks.nets.SomaStorageBatchNets_N3Int8;
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
 * The SIMD batched kernel with each weight storage: N2 (784-128(ReLU)-10) and N3
 * (784-512(ReLU)-512(ReLU)-10), {@code simd = true}, batches of 64 and 256 rows, F32, BF16 and INT8
 * on the same float weights ({@code BF16_ROWS} and {@code INT8_ROWS}: the single-input SIMD form
 * once per row, as those batches ran before), against ONNX Runtime running the fp32 model on one thread on one
 * {@code [rows, 784]} tensor ({@link #ortOneThread}, which ignores {@code storage}). Set-up checks
 * each network's batch against the plain interpreter within the storage's error.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class StorageBatchBenchmark {
  @Param({"N2", "N3"})
  public String net;

  @Param({"64", "256"})
  public int rows;

  @Param({"F32", "BF16", "INT8", "BF16_ROWS", "INT8_ROWS"})
  public String storage;

  private interface Batch {
    void forward(float[][] xs, float[][] ys);
  }

  private interface Single {
    void forward(float[] x, float[] y);
  }

  private Batch soma;
  private OrtRunner ort;
  private float[][] xs;
  private float[][] ys;

  @Setup
  public void setUp(BenchmarkParams params) throws OrtException {
    boolean n2 = net.equals("N2");
    float[][] w;
    float[][] b;
    Mlp mlp;
    if (n2) {
      SomaN2BatchSimd f32 = SomaN2BatchSimd.random(42);
      w = f32.weights();
      b = f32.biases();
      mlp = N2Benchmark.mlp(w, b);
    } else {
      SomaN3BatchSimd f32 = SomaN3BatchSimd.random(42);
      w = f32.weights();
      b = f32.biases();
      mlp = N3Benchmark.mlp(w, b);
    }
    soma = create(n2, w, b);
    SplittableRandom random = new SplittableRandom(7);
    xs = new float[rows][mlp.inputs()];
    for (float[] x : xs) {
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) random.nextDouble();
      }
    }
    ys = new float[rows][mlp.outputs()];
    float[][] expected = new float[rows][mlp.outputs()];
    PlainInterpreter interpreter = new PlainInterpreter(mlp);
    for (int n = 0; n < rows; n++) {
      interpreter.forward(xs[n], expected[n]);
    }
    soma.forward(xs, ys);
    for (int n = 0; n < rows; n++) {
      double scale = 0;
      for (float e : expected[n]) {
        scale = Math.max(scale, Math.abs(e));
      }
      for (int i = 0; i < ys[n].length; i++) {
        if (!(Math.abs(ys[n][i] - expected[n][i]) <= 0.05 * Math.max(1, scale))) {
          throw new IllegalStateException(
              storage + " row " + n + " output " + i + " is " + ys[n][i] + ", float " + expected[n][i]);
        }
      }
    }
    if (params.getBenchmark().endsWith(".ortOneThread")) {
      ort = new OrtRunner(mlp, 1, rows);
    }
  }

  private Batch create(boolean n2, float[][] w, float[][] b) {
    switch (storage + (n2 ? "-N2" : "-N3")) {
      case "F32-N2":
        return new SomaN2BatchSimd(w, b)::forward;
      case "BF16-N2":
        return new SomaStorageBatchNets_N2Bf16(w, b)::forward;
      case "INT8-N2":
        return new SomaStorageBatchNets_N2Int8(w, b)::forward;
      case "BF16_ROWS-N2":
        return rows(new SomaStorageBatchNets_N2Bf16(w, b)::forward);
      case "INT8_ROWS-N2":
        return rows(new SomaStorageBatchNets_N2Int8(w, b)::forward);
      case "F32-N3":
        return new SomaN3BatchSimd(w, b)::forward;
      case "BF16-N3":
        return new SomaStorageBatchNets_N3Bf16(w, b)::forward;
      case "INT8-N3":
        return new SomaStorageBatchNets_N3Int8(w, b)::forward;
      case "BF16_ROWS-N3":
        return rows(new SomaStorageBatchNets_N3Bf16(w, b)::forward);
      case "INT8_ROWS-N3":
        return rows(new SomaStorageBatchNets_N3Int8(w, b)::forward);
      default:
        throw new IllegalArgumentException(storage + " " + net);
    }
  }

  /** One single-input call per row: how INT8 and BF16 batches ran before the kernel took them. */
  private static Batch rows(Single single) {
    return (xs, ys) -> {
      for (int n = 0; n < xs.length; n++) {
        single.forward(xs[n], ys[n]);
      }
    };
  }

  @TearDown
  public void tearDown() throws OrtException {
    if (ort != null) {
      ort.close();
    }
  }

  @Benchmark
  public float[][] soma() {
    soma.forward(xs, ys);
    return ys;
  }

  @Benchmark
  public float[][] ortOneThread() throws OrtException {
    ort.forward(xs, ys);
    return ys;
  }
}
