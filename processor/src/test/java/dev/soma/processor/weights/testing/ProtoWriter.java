package dev.soma.processor.weights.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A protocol buffers wire-format encoder for tests: fields are appended in call order. Written from
 * the encoding rules (tag = field number << 3 | wire type; varints little-endian base 128), so the
 * reader under test is checked against an independent writer.
 */
public final class ProtoWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Appends a raw varint (no tag). */
  public ProtoWriter rawVarint(long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return this;
  }

  /** Appends raw bytes (no tag), for hand-made corrupt input. */
  public ProtoWriter raw(byte... bytes) {
    out.writeBytes(bytes);
    return this;
  }

  private ProtoWriter tag(int field, int wireType) {
    return rawVarint((long) field << 3 | wireType);
  }

  public ProtoWriter varint(int field, long value) {
    return tag(field, 0).rawVarint(value);
  }

  /** Appends the low {@code count} bytes of {@code bits}, least significant first. */
  private ProtoWriter littleEndian(long bits, int count) {
    for (int k = 0; k < count; k++) {
      out.write((int) (bits >>> (8 * k)));
    }
    return this;
  }

  public ProtoWriter fixed32(int field, int bits) {
    return tag(field, 5).littleEndian(bits, 4);
  }

  public ProtoWriter fixed64(int field, long bits) {
    return tag(field, 1).littleEndian(bits, 8);
  }

  public ProtoWriter floatField(int field, float value) {
    return fixed32(field, Float.floatToRawIntBits(value));
  }

  public ProtoWriter bytes(int field, byte[] value) {
    tag(field, 2).rawVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  public ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  public ProtoWriter message(int field, ProtoWriter message) {
    return bytes(field, message.toByteArray());
  }

  public ProtoWriter packedFloats(int field, float... values) {
    ProtoWriter packed = new ProtoWriter();
    for (float v : values) {
      packed.littleEndian(Float.floatToRawIntBits(v), 4);
    }
    return bytes(field, packed.toByteArray());
  }

  public ProtoWriter packedDoubles(int field, double... values) {
    ProtoWriter packed = new ProtoWriter();
    for (double v : values) {
      packed.littleEndian(Double.doubleToRawLongBits(v), 8);
    }
    return bytes(field, packed.toByteArray());
  }

  public ProtoWriter packedVarints(int field, long... values) {
    ProtoWriter packed = new ProtoWriter();
    for (long v : values) {
      packed.rawVarint(v);
    }
    return bytes(field, packed.toByteArray());
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
