package dev.soma.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import dev.soma.benchmarks.nets.SomaStorageNets_N2Int8Simd;
import dev.soma.runtime.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantized models {@link QuantizedOrtBenchmark} runs: ONNX Runtime reads the network out of
 * them (outputs against a double reference computed from the int8 values and scales), Soma's INT8
 * SIMD network built from the same float weights gives ONNX Runtime's QDQ outputs, and the
 * operators ONNX Runtime 1.20 runs after optimising are the ones BENCHMARKS.md names.
 */
class QuantizedOnnxExportTest {
  private static final int INPUTS = 200;

  @TempDir Path directory;

  /** N2 in double from Soma's int8 quantization of the float weights: {@code q * scale}. */
  private static double[] reference(Mlp mlp, float[] x) {
    double[] h = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      h[j] = x[j];
    }
    for (int l = 0; l < mlp.layers(); l++) {
      int in = mlp.sizes()[l];
      int out = mlp.sizes()[l + 1];
      float[] scales = Quantization.int8Scales(mlp.weights()[l], out, in);
      byte[] q = Quantization.int8(mlp.weights()[l], out, in, scales);
      double[] y = new double[out];
      for (int i = 0; i < out; i++) {
        double sum = mlp.biases()[l][i];
        for (int j = 0; j < in; j++) {
          sum += q[i * in + j] * (double) scales[i] * h[j];
        }
        y[i] = l == 0 ? Math.max(0, sum) : sum;
      }
      h = y;
    }
    return h;
  }

  private double worst(Mlp mlp, OnnxExport.Weights form, List<String> operators) throws OrtException, IOException {
    Path optimized = directory.resolve(form + ".onnx");
    byte[] model = OnnxExport.model(mlp, 1, form);
    SomaStorageNets_N2Int8Simd soma = new SomaStorageNets_N2Int8Simd(mlp.weights(), mlp.biases());
    double worst = 0;
    double worstSoma = 0;
    SplittableRandom random = new SplittableRandom(3);
    try (OrtRunner ort = new OrtRunner(model, mlp.inputs(), mlp.outputs(), 1, 1, optimized)) {
      assertEquals(operators, OnnxOperators.of(Files.readAllBytes(optimized)));
      float[] x = new float[mlp.inputs()];
      float[] y = new float[mlp.outputs()];
      float[] z = new float[mlp.outputs()];
      for (int n = 0; n < INPUTS; n++) {
        for (int j = 0; j < x.length; j++) {
          x[j] = (float) random.nextDouble();
        }
        ort.forward(x, y);
        soma.forward(x, z);
        double[] expected = reference(mlp, x);
        for (int i = 0; i < y.length; i++) {
          worst = Math.max(worst, Math.abs(y[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
          worstSoma = Math.max(worstSoma, Math.abs(y[i] - z[i]) / Math.max(1, Math.abs(y[i])));
        }
      }
    }
    System.out.printf(
        "%s: largest scaled difference of ONNX Runtime from the double reference %.3g, from Soma INT8 SIMD %.3g%n",
        form, worst, worstSoma);
    if (form == OnnxExport.Weights.QDQ) {
      assertTrue(worstSoma <= 1e-5, "Soma INT8 SIMD differs from ONNX Runtime's QDQ by " + worstSoma);
    }
    return worst;
  }

  @Test
  void weightOnlyQdqIsDequantizeLinearThenFloatGemm() throws Exception {
    double worst =
        worst(
            QuantizedOrtBenchmark.mlp(true),
            OnnxExport.Weights.QDQ,
            List.of("DequantizeLinear", "com.microsoft:FusedGemm", "DequantizeLinear", "Gemm"));
    assertTrue(worst <= 1e-5, "QDQ: " + worst);
  }

  /**
   * Dynamic quantization rounds each input to uint8 with one scale per run, about 1/255 of its
   * range: outputs within 2 % of the (scaled) reference.
   */
  @Test
  void dynamicQuantizationFusesIntoDynamicQuantizeMatMul() throws Exception {
    double worst =
        worst(
            QuantizedOrtBenchmark.mlp(true),
            OnnxExport.Weights.DYNAMIC,
            List.of(
                "com.microsoft:DynamicQuantizeMatMul", "Relu", "com.microsoft:DynamicQuantizeMatMul"));
    assertTrue(worst <= 0.02, "dynamic: " + worst);
  }
}
