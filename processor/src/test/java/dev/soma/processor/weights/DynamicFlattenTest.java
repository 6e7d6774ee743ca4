package dev.soma.processor.weights;

import static dev.soma.processor.weights.OnnxGraphConverterTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.soma.Activation;
import dev.soma.processor.testing.ReferenceMath;
import dev.soma.processor.weights.testing.OnnxBuilder;
import dev.soma.processor.weights.testing.ProtoWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graph {@code torch.onnx.export} writes for {@code x.view(x.size(0), -1)} (Shape, Gather,
 * Unsqueeze, Concat with -1, Reshape), after input normalisation and before the first Gemm, with
 * the exporter's node names: imported as a Flatten, and the imported layers computed in double
 * agree with ONNX Runtime on the same file for a batch of rows fed through the symbolic batch
 * dimension.
 */
class DynamicFlattenTest {
  private static final int ROWS = 5;
  private static final long[] SCALAR = {};

  /**
   * The export of {@code Sequential(Normalize, View(x.size(0), -1), Linear(12, 7), ReLU,
   * Linear(7, 3), Softmax)} on an input {@code [batch, 1, 3, 4]}; opset 13 on gives Unsqueeze's
   * axes as an input, opset 11 as an attribute.
   */
  private static byte[] torchExport(long opset, long gatherIndex) {
    OnnxBuilder onnx = new OnnxBuilder().opset(opset);
    onnx.input("input", -1, 1, 3, 4).output("output", -1, 3);
    SplittableRandom random = new SplittableRandom(opset);
    onnx.floats("fc1.weight", new long[] {7, 12}, floats(random, 84, 0.3));
    onnx.floats("fc1.bias", new long[] {7}, floats(random, 7, 0.3));
    onnx.floats("fc2.weight", new long[] {3, 7}, floats(random, 21, 0.4));
    onnx.floats("fc2.bias", new long[] {3}, floats(random, 3, 0.4));
    onnx.node("Constant", List.of(), "/Constant_output_0")
        .name("/Constant")
        .attr("value", OnnxBuilder.tensor("", OnnxBuilder.FLOAT, SCALAR).packedFloats(4, 0.1307f));
    onnx.node("Sub", List.of("input", "/Constant_output_0"), "/Sub_output_0").name("/Sub");
    onnx.node("Constant", List.of(), "/Constant_1_output_0")
        .name("/Constant_1")
        .attr("value", OnnxBuilder.tensor("", OnnxBuilder.FLOAT, SCALAR).packedFloats(4, 0.3081f));
    onnx.node("Div", List.of("/Sub_output_0", "/Constant_1_output_0"), "/Div_output_0").name("/Div");
    onnx.node("Shape", "/Div_output_0", "/Shape_output_0").name("/Shape");
    onnx.node("Constant", List.of(), "/Constant_2_output_0")
        .name("/Constant_2")
        .attr("value", int64("", SCALAR, gatherIndex));
    onnx.node("Gather", List.of("/Shape_output_0", "/Constant_2_output_0"), "/Gather_output_0")
        .name("/Gather")
        .attr("axis", 0L);
    if (opset >= 13) {
      onnx.node("Constant", List.of(), "/Constant_3_output_0")
          .name("/Constant_3")
          .attr("value", int64("", new long[] {1}, 0));
      onnx.node("Unsqueeze", List.of("/Gather_output_0", "/Constant_3_output_0"), "/Unsqueeze_output_0")
          .name("/Unsqueeze");
    } else {
      onnx.node("Unsqueeze", "/Gather_output_0", "/Unsqueeze_output_0").name("/Unsqueeze").attrInts("axes", 0);
    }
    onnx.node("Constant", List.of(), "/Constant_4_output_0")
        .name("/Constant_4")
        .attr("value", int64("", new long[] {1}, -1));
    onnx.node("Concat", List.of("/Unsqueeze_output_0", "/Constant_4_output_0"), "/Concat_output_0")
        .name("/Concat")
        .attr("axis", 0L);
    onnx.node("Reshape", List.of("/Div_output_0", "/Concat_output_0"), "/Reshape_output_0").name("/Reshape");
    onnx.node("Gemm", List.of("/Reshape_output_0", "fc1.weight", "fc1.bias"), "/fc1/Gemm_output_0")
        .name("/fc1/Gemm")
        .attr("alpha", 1f)
        .attr("beta", 1f)
        .attr("transB", 1L);
    onnx.node("Relu", "/fc1/Gemm_output_0", "/relu/Relu_output_0").name("/relu/Relu");
    onnx.node("Gemm", List.of("/relu/Relu_output_0", "fc2.weight", "fc2.bias"), "/fc2/Gemm_output_0")
        .name("/fc2/Gemm")
        .attr("alpha", 1f)
        .attr("beta", 1f)
        .attr("transB", 1L);
    onnx.node("Softmax", "/fc2/Gemm_output_0", "output").name("/softmax/Softmax").attr("axis", 1L);
    return onnx.build();
  }

  private static ProtoWriter int64(String name, long[] dims, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      raw.putLong(v);
    }
    return OnnxBuilder.tensor(name, OnnxBuilder.INT64, dims).bytes(9, raw.array());
  }

  private static float[] floats(SplittableRandom random, int count, double scale) {
    float[] values = new float[count];
    for (int k = 0; k < count; k++) {
      values[k] = (float) random.nextDouble(-scale, scale);
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 13, 17})
  void theViewPatternImportsAsAFlattenAndAgreesWithOnnxRuntime(long opset) throws Exception {
    byte[] model = torchExport(opset, 0);
    ImportedNetwork network = OnnxGraphConverter.convert(model);
    assertEquals(12, network.inputSize());
    assertEquals(2, network.layers().size());
    assertEquals(List.of(Activation.Kind.RELU), network.layers().get(0).activations().stream().map(a -> a.kind()).toList());
    assertEquals(List.of(Activation.Kind.SOFTMAX), network.layers().get(1).activations().stream().map(a -> a.kind()).toList());
    assertEquals(1, network.foldings().size(), "the normalisation is folded, with a note");

    float[] inputs = floats(new SplittableRandom(99), ROWS * 12, 1.0);
    float[] reference;
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = environment.createSession(model, options);
          OnnxTensor x = OnnxTensor.createTensor(environment, FloatBuffer.wrap(inputs), new long[] {ROWS, 1, 3, 4});
          OrtSession.Result result = session.run(Map.of("input", x))) {
        float[][] rows = (float[][]) result.get(0).getValue();
        assertEquals(ROWS, rows.length);
        reference = new float[ROWS * 3];
        for (int r = 0; r < ROWS; r++) {
          System.arraycopy(rows[r], 0, reference, r * 3, 3);
        }
      }
    }
    for (int r = 0; r < ROWS; r++) {
      double[] y = forward(network, inputs, r * 12);
      for (int i = 0; i < 3; i++) {
        assertEquals(reference[r * 3 + i], y[i], 2e-6, "row " + r + ", output " + i);
      }
    }
  }

  /** The imported layers in double: W x + b, then ReLU or softmax. */
  private static double[] forward(ImportedNetwork network, float[] inputs, int offset) {
    double[] x = new double[network.inputSize()];
    for (int j = 0; j < x.length; j++) {
      x[j] = inputs[offset + j];
    }
    for (ImportedLayer layer : network.layers()) {
      double[] z = layer.bias();
      for (int i = 0; i < layer.out(); i++) {
        for (int j = 0; j < layer.in(); j++) {
          z[i] += layer.weight(i, j) * x[j];
        }
      }
      for (ImportedLayer.Applied activation : layer.activations()) {
        if (activation.kind() == Activation.Kind.RELU) {
          for (int i = 0; i < z.length; i++) {
            z[i] = Math.max(0, z[i]);
          }
        } else {
          assertEquals(Activation.Kind.SOFTMAX, activation.kind());
          z = ReferenceMath.softmax(z);
        }
      }
      x = z;
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void anotherDimensionThanTheBatchStaysUnsupportedAndIsNamed(long gatherIndex) {
    String message =
        assertThrows(WeightFileException.class, () -> OnnxGraphConverter.convert(torchExport(17, gatherIndex)))
            .getMessage();
    assertContains(
        message,
        "Concat (node '/Concat'), Gather (node '/Gather'), Shape (node '/Shape'), Unsqueeze (node"
            + " '/Unsqueeze'); Soma supports ");
    assertContains(
        message,
        ". Instead: shape arithmetic is read only as the flatten torch.onnx.export writes for"
            + " x.view(x.size(0), -1) (Shape, Gather, Unsqueeze, Concat, Reshape): flatten with"
            + " torch.flatten or nn.Flatten (an ONNX Flatten), or reshape to a constant shape");
  }
}
