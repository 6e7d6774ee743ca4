package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.io.Tensor;
import dev.soma.processor.weights.TensorMatcher.DeclaredLayer;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives written by Python's zipfile exactly as {@code numpy.savez} and {@code savez_compressed}
 * write them (ZIP64 local headers), see {@code npz/README.md}.
 */
class NpzFixtureTest {
  @ParameterizedTest
  @ValueSource(strings = {"savez.npz", "savez_compressed.npz"})
  void readsArchivesAsNumpyWritesThem(String name) throws Exception {
    byte[] bytes;
    try (InputStream in = NpzFixtureTest.class.getResourceAsStream("npz/" + name)) {
      bytes = in.readAllBytes();
    }
    WeightFile file = WeightFiles.read(bytes, name);
    assertEquals(WeightFormat.NPZ, file.format());
    Map<String, Tensor> tensors = ((WeightFile.Tensors) file).tensors();
    assertEquals(List.of("0.weight", "0.bias", "2.weight"), List.copyOf(tensors.keySet()));
    assertEquals("F32", tensors.get("0.weight").dtype());
    assertEquals("F64", tensors.get("0.bias").dtype());

    TensorMatcher.Result result =
        TensorMatcher.match(
            List.of(new DeclaredLayer("", 3, 2), new DeclaredLayer("", 2, 1)),
            (WeightFile.Tensors) file);
    assertEquals(1, result.diagnostics().size(), result.diagnostics()::toString); // no 2.bias
    assertArrayEquals(new double[] {1.5, -2, 3.25, 4, 5, 6.125}, result.layers().get(0).weights());
    assertArrayEquals(new double[] {0.5, -0.25}, result.layers().get(0).bias());
    assertArrayEquals(new double[] {1, 2}, result.layers().get(1).weights());
  }
}
