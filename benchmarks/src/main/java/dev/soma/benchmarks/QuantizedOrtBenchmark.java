package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
import dev.soma.benchmarks.nets.SomaN2Mnist;
import dev.soma.benchmarks.nets.SomaN3Wide;
import dev.soma.benchmarks.nets.SomaStorageNets_N2Int8;
import dev.soma.benchmarks.nets.SomaStorageNets_N3Int8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Soma's INT8 networks against ONNX Runtime running the same network quantized, batch 1, one thread:
 * {@code ortQdq} is the weight-only QDQ model (int8 weights, {@code DequantizeLinear} into float
 * {@code Gemm}) and {@code ortDynamic} the dynamically quantized one ({@code DynamicQuantizeLinear}
 * and {@code MatMulInteger}), both written by {@link OnnxExport} with the int8 values and scales
 * Soma's INT8 networks hold for the same float weights; {@code ortF32} is the fp32 model and {@code
 * somaF32Plain}/{@code somaF32Simd} Soma's F32 networks. {@link #main} prints the model bytes and the
 * operators ONNX Runtime actually runs (its optimised graph).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class QuantizedOrtBenchmark {
  @Param({"N2", "N3"})
  public String net;

  @Param({"somaInt8Simd", "somaInt8Plain", "somaF32Simd", "somaF32Plain", "ortF32", "ortQdq", "ortDynamic"})
  public String variant;

  private StorageBenchmark.Forward soma;
  private OrtRunner ort;
  private float[] x;
  private float[] y;

  /** N2's or N3's float weights and biases, the same as {@link StorageBenchmark}'s. */
  static Mlp mlp(boolean n2) {
    if (n2) {
      SomaN2Mnist f32 = SomaN2Mnist.random(42);
      return N2Benchmark.mlp(f32.weights(), f32.biases());
    }
    SomaN3Wide f32 = SomaN3Wide.random(42);
    return N3Benchmark.mlp(f32.weights(), f32.biases());
  }

  @Setup
  public void setUp() throws OrtException {
    boolean n2 = net.equals("N2");
    Mlp mlp = mlp(n2);
    x = new float[mlp.inputs()];
    SplittableRandom random = new SplittableRandom(7);
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) random.nextDouble();
    }
    y = new float[mlp.outputs()];
    if (variant.startsWith("soma")) {
      String storage = variant.contains("Int8") ? "INT8" : "F32";
      soma = StorageBenchmark.create(storage, n2, variant.endsWith("Simd"), mlp.weights(), mlp.biases());
      soma.forward(x, y);
    } else {
      OnnxExport.Weights form =
          switch (variant) {
            case "ortQdq" -> OnnxExport.Weights.QDQ;
            case "ortDynamic" -> OnnxExport.Weights.DYNAMIC;
            default -> OnnxExport.Weights.FLOAT;
          };
      ort = new OrtRunner(OnnxExport.model(mlp, 1, form), mlp.inputs(), mlp.outputs(), 1, 1, null);
      ort.forward(x, y);
    }
    float[] expected = new float[y.length];
    new PlainInterpreter(mlp).forward(x, expected);
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < y.length; i++) {
      if (!(Math.abs(y[i] - expected[i]) <= 0.05 * Math.max(1, scale))) {
        throw new IllegalStateException(variant + " output " + i + " is " + y[i] + ", float " + expected[i]);
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
  public float[] forward() throws OrtException {
    if (soma != null) {
      soma.forward(x, y);
    } else {
      ort.forward(x, y);
    }
    return y;
  }

  /** Prints each model's bytes and the operators ONNX Runtime runs after optimising it. */
  public static void main(String[] args) throws OrtException, IOException {
    Path directory = Files.createTempDirectory("soma-quantized-ort");
    for (boolean n2 : new boolean[] {true, false}) {
      String name = n2 ? "N2" : "N3";
      Mlp mlp = mlp(n2);
      for (OnnxExport.Weights form : OnnxExport.Weights.values()) {
        byte[] model = OnnxExport.model(mlp, 1, form);
        Path optimized = directory.resolve(name + "-" + form + ".onnx");
        try (OrtRunner runner = new OrtRunner(model, mlp.inputs(), mlp.outputs(), 1, 1, optimized)) {
          System.out.printf(
              "%s %s: model %d bytes; ONNX Runtime runs %s%n",
              name, form, model.length, OnnxOperators.of(Files.readAllBytes(optimized)));
        }
      }
      Path int8 = directory.resolve(name + "-int8.safetensors");
      Path f32 = directory.resolve(name + "-f32.safetensors");
      if (n2) {
        new SomaStorageNets_N2Int8(mlp.weights(), mlp.biases()).save(int8);
        new SomaN2Mnist(mlp.weights(), mlp.biases()).save(f32);
      } else {
        new SomaStorageNets_N3Int8(mlp.weights(), mlp.biases()).save(int8);
        new SomaN3Wide(mlp.weights(), mlp.biases()).save(f32);
      }
      System.out.printf(
          "%s Soma weights (safetensors): F32 %d bytes, INT8 %d bytes%n", name, Files.size(f32), Files.size(int8));
    }
  }
}
