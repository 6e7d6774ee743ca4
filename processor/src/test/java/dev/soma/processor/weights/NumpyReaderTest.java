package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Tensor;
import dev.soma.processor.weights.testing.NumpyWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumpyReaderTest {
  /** Exactly representable in float16, float32 and float64. */
  static final double[] VALUES_2X3 = {1.5, -2, 3.25, 4, 5, 6.125};

  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "\"" + message + "\" lacks \"" + part + "\"");
    }
  }

  static String npyError(byte[] bytes) {
    return assertThrows(WeightFileException.class, () -> NumpyReader.readNpy(bytes, "w"))
        .getMessage();
  }

  @ParameterizedTest(name = "{0} fortran={1} v{2}")
  @CsvSource({
    "<f4, false, 1", "<f4, true, 1", ">f4, false, 1", ">f4, true, 2",
    "<f8, false, 2", "<f8, true, 3", ">f8, false, 3", ">f8, true, 1",
    "<f2, false, 1", ">f2, true, 2",
  })
  void readsEveryByteOrderElementSizeOrderAndVersion(String descr, boolean fortran, int version)
      throws Exception {
    byte[] file = NumpyWriter.npy(descr, fortran, version, new int[] {2, 3}, VALUES_2X3);
    Tensor tensor = NumpyReader.readNpy(file, "fc1.weight");
    assertEquals("fc1.weight", tensor.name());
    assertEquals(descr.endsWith("8") ? "F64" : "F32", tensor.dtype());
    assertArrayEquals(new int[] {2, 3}, tensor.shape());
    assertArrayEquals(VALUES_2X3, tensor.toDoubleArray());
  }

  @Test
  void readsAHandWrittenFile() throws Exception {
    // Version 1.0, header padded so that 10 + header length is a multiple of 64.
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
    String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
    ByteBuffer file = ByteBuffer.allocate(128 + 12).order(ByteOrder.LITTLE_ENDIAN);
    file.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    file.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    file.putFloat(0.5f).putFloat(-1f).putFloat(1e-3f);
    Tensor tensor = NumpyReader.readNpy(file.array(), "b");
    assertArrayEquals(new int[] {3}, tensor.shape());
    assertArrayEquals(new float[] {0.5f, -1f, 1e-3f}, tensor.toFloatArray());
  }

  @Test
  void fortranOrderThreeDimensionalBecomesRowMajor() throws Exception {
    int[] shape = {2, 3, 4};
    double[] c = new double[24];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          c[(i * 3 + j) * 4 + k] = 100 * i + 10 * j + k;
        }
      }
    }
    // Column-major: the first index moves fastest, so flat positions 0, 1, 2 hold [0,0,0], [1,0,0],
    // [0,1,0].
    double[] fortran = new double[24];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          fortran[i + 2 * (j + 3 * k)] = 100 * i + 10 * j + k;
        }
      }
    }
    assertArrayEquals(new double[] {0, 100, 10}, Arrays.copyOf(fortran, 3));
    assertArrayEquals(c, NumpyReader.fortranToC(fortran, shape));
    byte[] file = NumpyWriter.npy("<f8", true, 1, shape, c);
    assertArrayEquals(c, NumpyReader.readNpy(file, "t").toDoubleArray());
  }

  @Test
  void scalarVectorAndEmptyShapes() throws Exception {
    Tensor scalar =
        NumpyReader.readNpy(NumpyWriter.npy("<f8", false, 1, new int[0], new double[] {7}), "s");
    assertArrayEquals(new int[0], scalar.shape());
    assertArrayEquals(new double[] {7}, scalar.toDoubleArray());
    Tensor vector =
        NumpyReader.readNpy(NumpyWriter.npy("<f4", false, 1, new int[] {1}, new double[] {2}), "v");
    assertArrayEquals(new int[] {1}, vector.shape());
    Tensor empty =
        NumpyReader.readNpy(NumpyWriter.npy("<f4", false, 1, new int[] {0, 3}, new double[0]), "e");
    assertArrayEquals(new int[] {0, 3}, empty.shape());
    assertEquals(0, empty.elementCount());
  }

  @ParameterizedTest(name = "deflate={0}")
  @CsvSource({"false", "true"})
  void npzStoredAndDeflated(boolean deflate) throws Exception {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("0.weight", NumpyWriter.npy("<f4", false, 1, new int[] {2, 3}, VALUES_2X3));
    arrays.put("0.bias", NumpyWriter.npy(">f8", false, 1, new int[] {2}, new double[] {0.1, -0.2}));
    Map<String, Tensor> tensors = NumpyReader.readNpz(NumpyWriter.npz(arrays, deflate));
    assertEquals(List.of("0.weight", "0.bias"), List.copyOf(tensors.keySet()));
    assertArrayEquals(VALUES_2X3, tensors.get("0.weight").toDoubleArray());
    assertArrayEquals(new double[] {0.1, -0.2}, tensors.get("0.bias").toDoubleArray());
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void nonFloatDtypeIsAnError() {
    byte[] file = NumpyWriter.npy("<i4", false, 1, new int[] {2}, new double[] {1, 2});
    assertContains(npyError(file), "'w' has dtype '<i4'", "expected float16/32/64");
  }

  @Test
  void truncatedDataIsAnError() {
    byte[] file = NumpyWriter.npy("<f4", false, 1, new int[] {2, 3}, VALUES_2X3);
    assertContains(
        npyError(Arrays.copyOf(file, file.length - 3)),
        "needs 24 data bytes; found 21",
        "truncated");
  }

  @Test
  void trailingDataIsAnError() {
    byte[] file = NumpyWriter.npy("<f4", false, 1, new int[] {2}, new double[] {1, 2});
    assertContains(npyError(Arrays.copyOf(file, file.length + 4)), "needs 8 data bytes; found 12");
  }

  @Test
  void truncatedPreambleAndLyingHeaderLengthAreErrors() {
    byte[] file = NumpyWriter.npy("<f4", false, 2, new int[] {2}, new double[] {1, 2});
    assertContains(npyError(Arrays.copyOf(file, 9)), "truncated inside the .npy preamble");
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7fff_fff0);
    assertContains(npyError(file), "header length 2147483632 exceeds");
  }

  @Test
  void unknownVersionIsAnError() {
    byte[] file = NumpyWriter.npy("<f4", false, 1, new int[] {2}, new double[] {1, 2});
    file[6] = 4;
    assertContains(npyError(file), "version 4.0; expected 1.0, 2.0 or 3.0");
  }

  @Test
  void malformedHeaderDictionaryIsAnError() {
    byte[] file = NumpyWriter.npy("<f4", false, 1, new int[] {2}, new double[] {1, 2});
    String text =
        new String(file, StandardCharsets.ISO_8859_1).replace("'shape': (2,)", "'shape': [2] ");
    assertContains(
        npyError(text.getBytes(StandardCharsets.ISO_8859_1)),
        "invalid .npy header",
        "unexpected value");
  }

  @Test
  void corruptedNpzIsAnError() {
    Map<String, byte[]> arrays =
        Map.of("a", NumpyWriter.npy("<f4", false, 1, new int[] {2}, new double[] {1, 2}));
    byte[] zip = NumpyWriter.npz(arrays, true);
    byte[] corrupt = Arrays.copyOf(zip, 40); // cut inside the deflated data
    String message =
        assertThrows(WeightFileException.class, () -> NumpyReader.readNpz(corrupt)).getMessage();
    assertContains(message, ".npz");
  }

  @Test
  void npzEntryThatIsNotAnArrayIsAnError() {
    Map<String, byte[]> arrays = Map.of("readme.txt", "hello".getBytes(StandardCharsets.US_ASCII));
    byte[] zip = NumpyWriter.npz(arrays, false);
    String message =
        assertThrows(WeightFileException.class, () -> NumpyReader.readNpz(zip)).getMessage();
    assertContains(message, "'readme.txt'", "does not start with the .npy magic");
  }
}
