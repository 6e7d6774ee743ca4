package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.processor.weights.testing.ProtoWriter;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {
  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int k = 0; k < values.length; k++) {
      out[k] = (byte) values[k];
    }
    return out;
  }

  static String error(byte[] input, ThrowingRead read) {
    return assertThrows(WeightFileException.class, () -> read.apply(ProtoReader.of(input)))
        .getMessage();
  }

  interface ThrowingRead {
    void apply(ProtoReader in) throws WeightFileException;
  }

  @Test
  void varintsFromTheEncodingSpecification() throws Exception {
    // 1 is 01; 300 is AC 02 (the protobuf documentation's example); -1 as int64 takes 10 bytes.
    ProtoReader in =
        ProtoReader.of(
            bytes(0x01, 0xAC, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
    assertEquals(1, in.readVarint());
    assertEquals(300, in.readVarint());
    assertEquals(-1, in.readVarint());
    assertFalse(in.hasNext());
  }

  @Test
  void tagsAndFixedWidthValues() throws Exception {
    // field 2 fixed32 float 1.5 = 0x3FC00000; field 10 fixed64 double -2.0 = 0xC000000000000000.
    byte[] input =
        new ProtoWriter()
            .floatField(2, 1.5f)
            .fixed64(10, Double.doubleToLongBits(-2.0))
            .toByteArray();
    assertArrayEquals(bytes(0x15, 0x00, 0x00, 0xC0, 0x3F, 0x51, 0, 0, 0, 0, 0, 0, 0, 0xC0), input);
    ProtoReader in = ProtoReader.of(input);
    assertEquals(2, in.next());
    assertEquals(ProtoReader.FIXED32, in.wireType());
    assertEquals(1.5f, in.readFloat());
    assertEquals(10, in.next());
    assertEquals(-2.0, Double.longBitsToDouble(in.readFixed64()));
  }

  @Test
  void skipsUnknownFieldsOfEveryWireType() throws Exception {
    byte[] input =
        new ProtoWriter()
            .varint(100, 123456789L)
            .fixed64(101, 7)
            .string(102, "ignored")
            .fixed32(103, 9)
            .string(1, "kept")
            .toByteArray();
    ProtoReader in = ProtoReader.of(input);
    String kept = null;
    while (in.hasNext()) {
      if (in.next() == 1) {
        kept = in.readString();
      } else {
        in.skip();
      }
    }
    assertEquals("kept", kept);
  }

  @Test
  void packedAndUnpackedRepeatedFieldsBothRead() throws Exception {
    byte[] input = new ProtoWriter().packedVarints(1, 3, 300).varint(1, 7).toByteArray();
    ProtoReader in = ProtoReader.of(input);
    ProtoReader.LongList values = new ProtoReader.LongList();
    while (in.hasNext()) {
      in.next();
      in.readInt64s(values);
    }
    assertArrayEquals(new long[] {3, 300, 7}, values.toArray());
  }

  @Test
  void truncatedVarintIsAnError() {
    assertTrue(error(bytes(0x96), ProtoReader::readVarint).contains("byte 0: truncated varint"));
  }

  @Test
  void elevenByteVarintIsAnError() {
    byte[] input = bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
    assertTrue(error(input, ProtoReader::readVarint).contains("varint longer than 10 bytes"));
  }

  @Test
  void lengthBeyondTheEndIsAnError() {
    byte[] input =
        new ProtoWriter().rawVarint(2 << 3 | 2).rawVarint(1000).raw(bytes(1, 2, 3)).toByteArray();
    String message =
        error(
            input,
            in -> {
              in.next();
              in.readBytes();
            });
    assertTrue(message.contains("field 2 declares 1000 bytes but only 3 remain"), message);
  }

  @Test
  void hugeLengthIsAnErrorNotAnAllocation() {
    byte[] input = new ProtoWriter().rawVarint(7 << 3 | 2).rawVarint(Long.MAX_VALUE).toByteArray();
    String message =
        error(
            input,
            in -> {
              in.next();
              in.readMessage();
            });
    assertTrue(message.contains("declares 9223372036854775807 bytes"), message);
  }

  @Test
  void groupsAndInvalidWireTypesAreErrors() {
    assertTrue(error(bytes(1 << 3 | 3), ProtoReader::next).contains("group"));
    assertTrue(error(bytes(1 << 3 | 7), ProtoReader::next).contains("invalid wire type 7"));
    assertTrue(error(bytes(0 << 3 | 0, 0), ProtoReader::next).contains("invalid field number 0"));
  }

  @Test
  void wrongWireTypeForAKnownFieldIsAnError() {
    byte[] input = new ProtoWriter().varint(4, 1).toByteArray();
    String message =
        error(
            input,
            in -> {
              in.next();
              in.readString();
            });
    assertTrue(message.contains("field 4 has wire type 0; expected 2"), message);
  }

  @Test
  void nestingDepthIsLimited() {
    ProtoWriter message = new ProtoWriter().varint(1, 1);
    for (int depth = 0; depth < ProtoReader.MAX_DEPTH + 1; depth++) {
      message = new ProtoWriter().message(1, message);
    }
    byte[] input = message.toByteArray();
    String error =
        error(
            input,
            in -> {
              ProtoReader current = in;
              while (current.hasNext()) {
                current.next();
                if (current.wireType() != ProtoReader.LENGTH_DELIMITED) {
                  return;
                }
                current = current.readMessage();
              }
            });
    assertTrue(error.contains("nested deeper than 64 levels"), error);
  }

  @Test
  void invalidUtf8StringIsAnError() {
    byte[] input = new ProtoWriter().bytes(3, bytes(0xC3, 0x28)).toByteArray();
    String message =
        error(
            input,
            in -> {
              in.next();
              in.readString();
            });
    assertTrue(message.contains("not valid UTF-8"), message);
  }
}
