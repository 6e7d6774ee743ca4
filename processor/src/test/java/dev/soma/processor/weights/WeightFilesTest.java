package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.weights.TensorMatcher.DeclaredLayer;
import dev.soma.processor.weights.TensorMatcher.MatchedLayer;
import dev.soma.processor.weights.testing.NumpyWriter;
import dev.soma.processor.weights.testing.OnnxBuilder;
import dev.soma.processor.weights.testing.SafeTensorsBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightFilesTest {
  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "\"" + message + "\" lacks \"" + part + "\"");
    }
  }

  static String error(byte[] content, String file) {
    return assertThrows(WeightFileException.class, () -> WeightFiles.read(content, file))
        .getMessage();
  }

  static byte[] safetensors() {
    return SafeTensors.of(
            List.of(Tensor.ofFloats("fc1.weight", new int[] {1, 2}, new float[] {1, 2})))
        .toBytes();
  }

  static byte[] npy() {
    return NumpyWriter.npy("<f4", false, 1, new int[] {1, 2}, new double[] {1, 2});
  }

  static byte[] onnx() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2).output("y");
    model.floats("W", new long[] {2, 1}, 1, 2);
    model.node("MatMul", List.of("x", "W"), "y");
    return model.build();
  }

  @Test
  void detectsTheFormatByContentNotByName() throws Exception {
    // Every file carries a misleading extension.
    assertEquals(WeightFormat.SAFETENSORS, WeightFiles.read(safetensors(), "model.onnx").format());
    assertEquals(WeightFormat.NPY, WeightFiles.read(npy(), "model.safetensors").format());
    byte[] npz = NumpyWriter.npz(Map.of("fc1.weight", npy()), true);
    assertEquals(WeightFormat.NPZ, WeightFiles.read(npz, "model.npy").format());
    WeightFile network = WeightFiles.read(onnx(), "model.npz");
    assertEquals(WeightFormat.ONNX, network.format());
    assertEquals(2, ((WeightFile.Network) network).network().inputSize());
  }

  @Test
  void onnxThatLooksLikeSafetensorsIsStillRead() throws Exception {
    // A leading producer_name field whose text puts four zero bytes and '{' where a safetensors
    // header length and JSON would be; concatenated protobuf messages merge, so the model follows.
    byte[] prefix =
        new dev.soma.processor.weights.testing.ProtoWriter()
            .bytes(2, new byte[] {'a', 'b', 0, 0, 0, 0, '{', 'x'})
            .toByteArray();
    byte[] model = onnx();
    byte[] content = java.util.Arrays.copyOf(prefix, prefix.length + model.length);
    System.arraycopy(model, 0, content, prefix.length, model.length);
    assertEquals(WeightFormat.SAFETENSORS, WeightFormat.detect(content));
    assertEquals(WeightFormat.ONNX, WeightFiles.read(content, "odd.onnx").format());
  }

  @Test
  void npyTensorIsNamedAfterTheFile() throws Exception {
    WeightFile.Tensors file =
        assertInstanceOf(
            WeightFile.Tensors.class, WeightFiles.read(npy(), "weights/fc1.weight.npy"));
    assertEquals(List.of("fc1.weight"), List.copyOf(file.tensors().keySet()));
  }

  @Test
  void unrecognisedContentNamesTheFileAndTheFormats() {
    byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertContains(
        error(garbage, "junk.bin"),
        "junk.bin: not a recognised weight file (safetensors, NumPy .npy/.npz, Keras HDF5 or ONNX)",
        "truncated varint");
    assertContains(error(new byte[0], "empty.bin"), "empty.bin: ", "no graph");
  }

  @Test
  void safetensorsErrorsNameTheFile() {
    byte[] whole = safetensors();
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 1);
    assertContains(
        error(truncated, "m.safetensors"),
        "m.safetensors: invalid safetensors file: tensor 'fc1.weight'");
  }

  @Test
  void twoGigabyteSafetensorsHeaderLengthIsReportedAsSuch() {
    byte[] content = SafeTensorsBytes.file("{}", new byte[0]);
    ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0x8000_0000L);
    assertContains(
        error(content, "big.safetensors"),
        "big.safetensors: invalid safetensors file: header length 2147483648");
  }

  @Test
  void onnxErrorsNameTheFile() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2).output("y");
    model.node("Conv", "x", "y");
    assertContains(error(model.build(), "net.onnx"), "net.onnx: unsupported ONNX operator Conv");
  }

  @Test
  void missingPathIsAnError(@TempDir Path dir) {
    Path missing = dir.resolve("nothing.safetensors");
    String message =
        assertThrows(WeightFileException.class, () -> WeightFiles.read(missing)).getMessage();
    assertContains(message, missing + ": no such file");
  }

  @Test
  void readsFromPath(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("w.bin");
    Files.write(path, safetensors());
    assertEquals(WeightFormat.SAFETENSORS, WeightFiles.read(path).format());
  }

  /** The same weights as safetensors and as npz, float32 and float64, match to identical arrays. */
  @ParameterizedTest(name = "{0} / {1}, deflate={2}")
  @CsvSource({"F32, <f4, true", "F32, >f4, false", "F64, <f8, false", "F64, >f8, true"})
  void safetensorsAndNpzGiveIdenticalArrays(String dtype, String descr, boolean deflate)
      throws Exception {
    Random random = new Random(42);
    int[][] shapes = {{8, 5}, {8}, {3, 8}, {3}};
    String[] names = {"0.weight", "0.bias", "2.weight", "2.bias"};
    List<Tensor> tensors = new java.util.ArrayList<>();
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    for (int t = 0; t < names.length; t++) {
      int count = shapes[t].length == 1 ? shapes[t][0] : shapes[t][0] * shapes[t][1];
      double[] values = new double[count];
      for (int k = 0; k < count; k++) {
        values[k] = dtype.equals("F32") ? (float) random.nextGaussian() : random.nextGaussian();
      }
      float[] floats = new float[count];
      for (int k = 0; k < count; k++) {
        floats[k] = (float) values[k];
      }
      tensors.add(
          dtype.equals("F32")
              ? Tensor.ofFloats(names[t], shapes[t], floats)
              : Tensor.ofDoubles(names[t], shapes[t], values));
      arrays.put(names[t], NumpyWriter.npy(descr, t == 2, 1, shapes[t], values));
    }
    WeightFile st = WeightFiles.read(SafeTensors.of(tensors).toBytes(), "m.safetensors");
    WeightFile npz = WeightFiles.read(NumpyWriter.npz(arrays, deflate), "m.npz");
    List<DeclaredLayer> declared =
        List.of(new DeclaredLayer("", 5, 8), new DeclaredLayer("", 8, 3));
    TensorMatcher.Result a = TensorMatcher.match(declared, (WeightFile.Tensors) st);
    TensorMatcher.Result b = TensorMatcher.match(declared, (WeightFile.Tensors) npz);
    assertFalse(a.hasErrors(), a.diagnostics()::toString);
    assertFalse(b.hasErrors(), b.diagnostics()::toString);
    for (int layer = 0; layer < 2; layer++) {
      MatchedLayer x = a.layers().get(layer);
      MatchedLayer y = b.layers().get(layer);
      assertArrayEquals(x.weights(), y.weights());
      assertArrayEquals(x.bias(), y.bias());
    }
    assertArrayEquals(tensors.get(2).toDoubleArray(), b.layers().get(1).weights());
  }
}
