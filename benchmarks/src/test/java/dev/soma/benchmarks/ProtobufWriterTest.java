package dev.soma.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The wire format against the encoding examples of the protocol-buffers documentation. */
class ProtobufWriterTest {
  @Test
  void varintFieldOneOf150() {
    // Field 1, wire type 0: tag 0x08; 150 = 0b1_0010110 -> 0x96 0x01.
    assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtobufWriter().varint(1, 150).toByteArray());
  }

  @Test
  void stringFieldTwo() {
    // Field 2, wire type 2: tag 0x12, length 7, then the UTF-8 bytes of "testing".
    assertArrayEquals(
        bytes(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67),
        new ProtobufWriter().string(2, "testing").toByteArray());
  }

  @Test
  void rawFloatsAreLittleEndian() {
    // 1.0f = 0x3F800000, -2.0f = 0xC0000000; field 9, wire type 2: tag 0x4A, length 8.
    assertArrayEquals(
        bytes(0x4A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0),
        new ProtobufWriter().rawFloats(9, new float[] {1f, -2f}).toByteArray());
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int k = 0; k < values.length; k++) {
      bytes[k] = (byte) values[k];
    }
    return bytes;
  }
}
