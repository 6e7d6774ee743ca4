package dev.soma.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protocol-buffers wire format to write an ONNX model: varints (wire type 0),
 * and length-delimited fields (wire type 2).
 */
final class ProtobufWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtobufWriter varint(int field, long value) {
    tag(field, 0);
    rawVarint(value);
    return this;
  }

  ProtobufWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtobufWriter message(int field, ProtobufWriter message) {
    return bytes(field, message.toByteArray());
  }

  /** Floats as little-endian bytes in one length-delimited field, as ONNX's {@code raw_data}. */
  ProtobufWriter rawFloats(int field, float[] values) {
    byte[] bytes = new byte[values.length * 4];
    for (int k = 0; k < values.length; k++) {
      int bits = Float.floatToRawIntBits(values[k]);
      for (int b = 0; b < 4; b++) {
        bytes[4 * k + b] = (byte) (bits >>> (8 * b));
      }
    }
    return bytes(field, bytes);
  }

  ProtobufWriter bytes(int field, byte[] value) {
    tag(field, 2);
    rawVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
