package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
import dev.soma.benchmarks.nets.SomaN2Mnist;
import dev.soma.benchmarks.nets.SomaN2MnistSimd;
import dev.soma.benchmarks.nets.SomaN3Wide;
import dev.soma.benchmarks.nets.SomaN3WideSimd;
import dev.soma.benchmarks.nets.SomaStorageNets_N2Bf16;
import dev.soma.benchmarks.nets.SomaStorageNets_N2Bf16Simd;
import dev.soma.benchmarks.nets.SomaStorageNets_N2Int8;
import dev.soma.benchmarks.nets.SomaStorageNets_N2Int8Simd;
import dev.soma.benchmarks.nets.SomaStorageNets_N3Bf16;
import dev.soma.benchmarks.nets.SomaStorageNets_N3Bf16Simd;
import dev.soma.benchmarks.nets.SomaStorageNets_N3Int8;
import dev.soma.benchmarks.nets.SomaStorageNets_N3Int8Simd;
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
 * Weight storage at batch 1: N2 and N3 with F32, BF16 and INT8 weights ({@code @Network(storage =
 * ...)}), plain loops and {@code simd = true}, against ONNX Runtime running the fp32 model on one
 * thread ({@link #ortOneThread}, which ignores {@code storage} and {@code form}: its rows repeat).
 * All on the same float weights; set-up checks each network against the plain interpreter within
 * the storage's bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class StorageBenchmark {
  @Param({"N2", "N3"})
  public String net;

  @Param({"F32", "BF16", "INT8"})
  public String storage;

  @Param({"plain", "simd"})
  public String form;

  /** One network's batch-1 forward pass. */
  interface Forward {
    void forward(float[] x, float[] y);
  }

  private Forward soma;
  private OrtRunner ort;
  private float[] x;
  private float[] y;

  @Setup
  public void setUp(BenchmarkParams params) throws OrtException {
    boolean n2 = net.equals("N2");
    float[][][] parameters = parameters(n2);
    float[][] w = parameters[0];
    float[][] b = parameters[1];
    soma = create(storage, n2, form.equals("simd"), w, b);
    Mlp mlp = n2 ? N2Benchmark.mlp(w, b) : N3Benchmark.mlp(w, b);
    SplittableRandom random = new SplittableRandom(7);
    x = new float[mlp.inputs()];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) random.nextDouble();
    }
    y = new float[mlp.outputs()];
    float[] expected = new float[y.length];
    new PlainInterpreter(mlp).forward(x, expected);
    soma.forward(x, y);
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < y.length; i++) {
      if (!(Math.abs(y[i] - expected[i]) <= 0.05 * Math.max(1, scale))) {
        throw new IllegalStateException(storage + " output " + i + " is " + y[i] + ", float " + expected[i]);
      }
    }
    if (params.getBenchmark().endsWith(".ortOneThread")) {
      ort = new OrtRunner(mlp, 1);
    }
  }

  /** The weights and the biases every storage of N2 ({@code n2}) or N3 starts from: seed 42. */
  static float[][][] parameters(boolean n2) {
    if (n2) {
      SomaN2Mnist f32 = SomaN2Mnist.random(42);
      return new float[][][] {f32.weights(), f32.biases()};
    }
    SomaN3Wide f32 = SomaN3Wide.random(42);
    return new float[][][] {f32.weights(), f32.biases()};
  }

  /** The Soma network N2 ({@code n2}) or N3 with {@code storage} ("F32", "BF16" or "INT8"). */
  static Forward create(String storage, boolean n2, boolean simd, float[][] w, float[][] b) {
    switch (storage + (n2 ? "-N2" : "-N3") + (simd ? "-simd" : "")) {
      case "F32-N2":
        return new SomaN2Mnist(w, b)::forward;
      case "F32-N2-simd":
        return new SomaN2MnistSimd(w, b)::forward;
      case "BF16-N2":
        return new SomaStorageNets_N2Bf16(w, b)::forward;
      case "BF16-N2-simd":
        return new SomaStorageNets_N2Bf16Simd(w, b)::forward;
      case "INT8-N2":
        return new SomaStorageNets_N2Int8(w, b)::forward;
      case "INT8-N2-simd":
        return new SomaStorageNets_N2Int8Simd(w, b)::forward;
      case "F32-N3":
        return new SomaN3Wide(w, b)::forward;
      case "F32-N3-simd":
        return new SomaN3WideSimd(w, b)::forward;
      case "BF16-N3":
        return new SomaStorageNets_N3Bf16(w, b)::forward;
      case "BF16-N3-simd":
        return new SomaStorageNets_N3Bf16Simd(w, b)::forward;
      case "INT8-N3":
        return new SomaStorageNets_N3Int8(w, b)::forward;
      case "INT8-N3-simd":
        return new SomaStorageNets_N3Int8Simd(w, b)::forward;
      default:
        throw new IllegalArgumentException(storage + (n2 ? " N2" : " N3") + (simd ? " simd" : ""));
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
    soma.forward(x, y);
    return y;
  }

  @Benchmark
  public float[] ortOneThread() throws OrtException {
    ort.forward(x, y);
    return y;
  }
}
