package dev.soma.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTensorsTest {

  /** A file with a hand-written header: 8-byte little-endian length, the header bytes, the data. */
  static byte[] file(byte[] header, byte[] data) {
    return ByteBuffer.allocate(8 + header.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(header.length)
        .put(header)
        .put(data)
        .array();
  }

  static byte[] file(String header, byte[] data) {
    return file(header.getBytes(StandardCharsets.UTF_8), data);
  }

  static byte[] littleEndianFloats(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  static byte[] littleEndianShorts(int... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      buffer.putShort((short) v);
    }
    return buffer.array();
  }

  static String message(byte[] bytes) {
    return assertThrows(SafeTensorsException.class, () -> SafeTensors.read(bytes)).getMessage();
  }

  static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "\"" + message + "\" lacks \"" + part + "\"");
    }
  }

  @Test
  void readsHandWrittenF32FileWithMetadataAndEscapedNames() throws Exception {
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},\"fc1.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"caf\\u00e9\\ud83d\\ude00\\n"
            + "\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[24,28]}}";
    byte[] data = littleEndianFloats(1, 2, 3, 4, 5, 6, -0.5f);
    SafeTensors st = SafeTensors.read(file(header, data));

    assertEquals(Map.of("format", "pt"), st.metadata());
    assertEquals(List.of("fc1.weight", "café\uD83D\uDE00\n"), List.copyOf(st.tensors().keySet()));
    Tensor weight = st.tensors().get("fc1.weight");
    assertEquals("F32", weight.dtype());
    assertArrayEquals(new int[] {2, 3}, weight.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, weight.toFloatArray());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, weight.toDoubleArray());
    Tensor scalar = st.tensors().get("café\uD83D\uDE00\n");
    assertArrayEquals(new int[0], scalar.shape());
    assertArrayEquals(new double[] {-0.5}, scalar.toDoubleArray());
  }

  @Test
  void tensorsComeInOffsetOrderWhateverTheHeaderOrder() throws Exception {
    String header =
        "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    SafeTensors st = SafeTensors.read(file(header, littleEndianFloats(10, 20)));
    assertEquals(List.of("a", "b"), List.copyOf(st.tensors().keySet()));
    assertArrayEquals(new float[] {20}, st.tensors().get("b").toFloatArray());
  }

  @Test
  void convertsF16AndBf16BitPatternsExactly() throws Exception {
    // F16: 1.0, -2.0, 2^-24 (subnormal), +inf. BF16: 1.0, -3.0, 0.333984375, 2^-133.
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[8,16]}}";
    byte[] data = new byte[16];
    System.arraycopy(littleEndianShorts(0x3C00, 0xC000, 0x0001, 0x7C00), 0, data, 0, 8);
    System.arraycopy(littleEndianShorts(0x3F80, 0xC040, 0x3EAB, 0x0001), 0, data, 8, 8);
    SafeTensors st = SafeTensors.read(file(header, data));
    assertArrayEquals(
        new double[] {1.0, -2.0, Math.scalb(1.0, -24), Double.POSITIVE_INFINITY},
        st.tensors().get("h").toDoubleArray());
    assertArrayEquals(
        new float[] {1.0f, -3.0f, 0.333984375f, Math.scalb(1.0f, -133)},
        st.tensors().get("b").toFloatArray());
  }

  @Test
  void f64IsExactAsDoubleAndRoundedAsFloat() throws Exception {
    double third = 1.0 / 3.0;
    ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    data.putDouble(third).putDouble(-1e300);
    String header = "{\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
    Tensor x = SafeTensors.read(file(header, data.array())).tensors().get("x");
    assertArrayEquals(new double[] {third, -1e300}, x.toDoubleArray());
    assertArrayEquals(new float[] {(float) third, Float.NEGATIVE_INFINITY}, x.toFloatArray());
  }

  @Test
  void integerDtypesAreReadButNotConverted() throws Exception {
    String header =
        "{\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}";
    Tensor t = SafeTensors.read(file(header, new byte[8])).tensors().get("bn.num_batches_tracked");
    assertEquals("I64", t.dtype());
    IllegalStateException e = assertThrows(IllegalStateException.class, t::toDoubleArray);
    assertContains(
        e.getMessage(), "bn.num_batches_tracked", "I64", "expected F16, BF16, F32 or F64");
  }

  @Test
  void zeroSizedTensorIsAcceptedWithItsShape() throws Exception {
    String header =
        "{\"empty\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
            + "\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    SafeTensors st = SafeTensors.read(file(header, littleEndianFloats(7)));
    assertArrayEquals(new int[] {0, 3}, st.tensors().get("empty").shape());
    assertEquals(0, st.tensors().get("empty").toFloatArray().length);
    assertArrayEquals(new float[] {7}, st.tensors().get("x").toFloatArray());
  }

  @Test
  void writesTheExactBytesOfTheFormat() {
    SafeTensors st =
        SafeTensors.of(
            List.of(Tensor.ofFloats("w", new int[] {1, 2}, new float[] {1.5f, -2f})),
            Map.of("k", "v\""));
    byte[] bytes = st.toBytes();
    String json =
        "{\"__metadata__\":{\"k\":\"v\\\"\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}";
    String padded = json + " ".repeat((8 - json.length() % 8) % 8);
    assertArrayEquals(file(padded, littleEndianFloats(1.5f, -2f)), bytes);
  }

  @Test
  void writeThenReadRoundTripsAlignedAndDeterministic(@TempDir Path dir) throws Exception {
    double[] doubles = {Math.PI, -Math.E, 1e-310};
    float[] floats = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
    SafeTensors st =
        SafeTensors.of(
            List.of(
                Tensor.ofFloats("0.weight", new int[] {2, 3}, floats),
                Tensor.ofDoubles("ünïcode.bias", new int[] {3}, doubles),
                Tensor.ofFloats("odd", new int[] {1}, new float[] {9})));
    Path path = dir.resolve("m.safetensors");
    st.write(path);
    byte[] bytes = Files.readAllBytes(path);
    assertArrayEquals(bytes, st.toBytes());
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8);

    SafeTensors back = SafeTensors.read(path);
    // F64 first: every tensor starts at a multiple of its element size.
    assertEquals(List.of("ünïcode.bias", "0.weight", "odd"), List.copyOf(back.tensors().keySet()));
    assertArrayEquals(doubles, back.doubles("ünïcode.bias", 3));
    assertArrayEquals(floats, back.floats("0.weight", 2, 3));
    assertArrayEquals(new float[] {9}, back.floats("odd", 1));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    back.write(out);
    assertArrayEquals(bytes, out.toByteArray());
    assertArrayEquals(
        floats, SafeTensors.read(new ByteArrayInputStream(bytes)).floats("0.weight", 2, 3));
  }

  @Test
  void checkedAccessNamesTensorAndExpectedVersusFound() throws Exception {
    SafeTensors st =
        SafeTensors.read(
            SafeTensors.of(
                    List.of(
                        Tensor.ofFloats("fc1.weight", new int[] {3, 2}, new float[6]),
                        Tensor.ofFloats("fc1.bias", new int[] {2}, new float[2])))
                .toBytes());
    assertContains(
        assertThrows(SafeTensorsException.class, () -> st.floats("fc1.weight", 2, 3)).getMessage(),
        "fc1.weight",
        "shape [3, 2]",
        "expected [2, 3]");
    assertContains(
        assertThrows(SafeTensorsException.class, () -> st.floats("fc2.weight", 1, 2)).getMessage(),
        "missing tensor 'fc2.weight'",
        "[fc1.weight, fc1.bias]");
  }

  @Test
  void rejectsDuplicateNamesWhenWriting() {
    Tensor a = Tensor.ofFloats("a", new int[] {1}, new float[1]);
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.of(List.of(a, a)));
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.ofFloats("b", new int[] {2, 2}, new float[3]));
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void rejectsFilesShorterThanTheLengthPrefix() {
    assertContains(message(new byte[5]), "5 bytes", "8-byte header length");
  }

  @Test
  void rejectsTwoGigabyteHeaderLengthWithoutAllocating() {
    byte[] bytes =
        ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0x8000_0000L).array();
    assertContains(message(bytes), "header length 2147483648", "limit of 100000000");
    IOException e =
        assertThrows(
            SafeTensorsException.class, () -> SafeTensors.read(new ByteArrayInputStream(bytes)));
    assertContains(e.getMessage(), "header length 2147483648");
  }

  @Test
  void rejectsHeaderLengthWithTheTopBitSet() {
    byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8L).array();
    assertContains(message(bytes), "header length 18446744073709551608");
  }

  @Test
  void rejectsHeaderLongerThanTheFile() {
    byte[] bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array();
    assertContains(message(bytes), "header length 100", "4 bytes after it");
  }

  @Test
  void rejectsTruncatedData() {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    byte[] truncated = file(header, new byte[10]);
    assertContains(message(truncated), "tensor 'w'", "[0, 16]", "exceed the 10 data bytes");
    IOException e =
        assertThrows(
            SafeTensorsException.class,
            () -> SafeTensors.read(new ByteArrayInputStream(truncated)));
    assertContains(e.getMessage(), "16 data bytes", "only 10");
  }

  @Test
  void streamWithLyingTwoGigabyteDataSizeFailsWithoutAllocatingIt() {
    String header =
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[500000000],\"data_offsets\":[0,2000000000]}}";
    byte[] bytes = file(header, new byte[16]);
    IOException e =
        assertThrows(
            SafeTensorsException.class, () -> SafeTensors.read(new ByteArrayInputStream(bytes)));
    assertContains(e.getMessage(), "2000000000 data bytes", "only 16");
  }

  @Test
  void rejectsOverlappingTensors() {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    assertContains(
        message(file(header, new byte[12])), "'b' at [4, 12] overlaps tensor 'a' at [0, 8]");
  }

  @Test
  void rejectsSameRangeTwice() {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    assertContains(message(file(header, new byte[8])), "overlaps");
  }

  @Test
  void rejectsGapsAndTrailingBytes() {
    String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
    assertContains(message(file(gap, new byte[8])), "[0, 4) belong to no tensor");
    String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    assertContains(message(file(trailing, new byte[6])), "2 bytes after the last tensor");
  }

  @Test
  void rejectsByteSizeThatDoesNotMatchShapeAndDtype() {
    String header = "{\"fc.weight\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";
    assertContains(
        message(file(header, new byte[24])),
        "tensor 'fc.weight'",
        "F16 with shape [2, 3] needs 12 bytes",
        "span 24");
  }

  @Test
  void rejectsNonUtf8Names() {
    byte[] header =
        "{\"w\u00ff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
            .getBytes(StandardCharsets.ISO_8859_1); // 0xFF alone is never valid UTF-8
    assertContains(message(file(header, new byte[4])), "not valid UTF-8");
  }

  @Test
  void rejectsEscapedLoneSurrogateNames() {
    String header = "{\"w\\ud800\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    assertContains(message(file(header, new byte[4])), "unpaired surrogate");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],}}",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} x",
        "{\"w\":{\"dtype\":F32,\"shape\":[1],\"data_offsets\":[0,4]}}",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
        "{\"w\\q\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}}",
        "{\"w\":[[[[[[[[[[[[1]]]]]]]]]]]]}",
        "{\"w",
      })
  void rejectsInvalidJson(String header) {
    assertContains(
        message(file(header, new byte[4])), "invalid safetensors header JSON at character");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"w\":{\"dtype\":\"F31\",\"shape\":[1],\"data_offsets\":[0,4]}}|unknown dtype \"F31\"",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}|dimension -1",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}|0 <= begin <= end",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}|array of 2 integers",
        "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}|missing or non-string \"dtype\"",
        "{\"w\":[1]}|not a JSON object",
        "{\"__metadata__\":{\"k\":[1]}}|'k' is not a string",
        "[1,2,3,4,5,6]|does not start with '{'",
      })
  void rejectsHeadersThatAreJsonButNotSafetensors(String headerAndMessage) {
    String[] parts = headerAndMessage.split("\\|");
    assertContains(message(file(parts[0], new byte[4])), parts[1]);
  }

  /**
   * Random corruptions of a valid file: reading from an array and from a stream either both fail
   * with {@link SafeTensorsException} or both give the same tensors. Nothing else may escape.
   */
  @Test
  void corruptedFilesFailTheSameWayFromArrayAndStream() throws Exception {
    byte[] valid =
        SafeTensors.of(
                List.of(
                    Tensor.ofFloats("a", new int[] {2, 2}, new float[] {1, 2, 3, 4}),
                    Tensor.ofDoubles("b", new int[] {1}, new double[] {5})),
                Map.of("k", "v"))
            .toBytes();
    java.util.Random random = new java.util.Random(3);
    for (int round = 0; round < 5000; round++) {
      byte[] bytes = valid.clone();
      if (random.nextBoolean()) {
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      } else {
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      String fromArray;
      String fromStream;
      try {
        fromArray = SafeTensors.read(bytes).tensors().toString();
      } catch (SafeTensorsException e) {
        fromArray = "error";
      }
      try {
        fromStream = SafeTensors.read(new ByteArrayInputStream(bytes)).tensors().toString();
      } catch (SafeTensorsException e) {
        fromStream = "error";
      }
      assertEquals(fromArray, fromStream, "round " + round);
    }
  }

  @Test
  void readPathPrefixesMessagesWithThePath(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("broken.safetensors");
    Files.write(path, new byte[3]);
    IOException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(path));
    assertContains(e.getMessage(), path.toString() + ": ", "3 bytes");
  }
}
