package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.Activation.Kind;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models PyTorch exported for the ONNX backend test suite (see {@code onnx-backend/README.md}): the
 * imported layer applied to the suite's input must give PyTorch's output.
 */
class OnnxBackendDataTest {
  static byte[] resource(String path) throws IOException {
    try (InputStream in = OnnxBackendDataTest.class.getResourceAsStream("onnx-backend/" + path)) {
      if (in == null) {
        throw new IOException("missing test resource onnx-backend/" + path);
      }
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"test_Linear", "test_Linear_no_bias"})
  void importedLinearLayerReproducesPyTorchOutputs(String test) throws Exception {
    WeightFile file = WeightFiles.read(resource(test + "/model.onnx"), test + "/model.onnx");
    ImportedNetwork network = ((WeightFile.Network) file).network();
    assertEquals(10, network.inputSize());
    assertEquals(1, network.layers().size());
    ImportedLayer layer = network.layers().get(0);
    assertEquals(8, layer.out());
    assertEquals(Kind.IDENTITY, layer.activation());

    OnnxModel.TensorData input = OnnxModelParser.parseTensor(resource(test + "/input_0.pb"));
    OnnxModel.TensorData output = OnnxModelParser.parseTensor(resource(test + "/output_0.pb"));
    assertArrayEquals(new long[] {4, 10}, input.dims());
    assertArrayEquals(new long[] {4, 8}, output.dims());
    double[] x = input.values();
    double[] expected = output.values();
    for (int row = 0; row < 4; row++) {
      for (int i = 0; i < 8; i++) {
        double y = layer.bias()[i];
        for (int j = 0; j < 10; j++) {
          y += layer.weight(i, j) * x[row * 10 + j];
        }
        // PyTorch computed in float32: allow its rounding, relative to the terms' magnitude.
        assertEquals(expected[row * 8 + i], y, 1e-5 * (1 + Math.abs(y)), test + " row " + row);
      }
    }
  }
}
