package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A reader of the protocol buffers wire format over a byte range: tags, varints, 32- and 64-bit
 * little-endian values and length-delimited fields. Every read is bounds checked; nested messages
 * are limited to {@link #MAX_DEPTH} levels. Failures are {@link WeightFileException}s that say
 * where in the input the problem is.
 */
final class ProtoReader {
  /** Wire types of the encoding. */
  static final int VARINT = 0;

  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  /** ONNX nests graphs inside attributes; real models stay far below this. */
  static final int MAX_DEPTH = 64;

  private final byte[] buffer;
  private final int end;
  private final int depth;
  private int pos;
  private int wireType = -1;
  private int fieldNumber;

  private ProtoReader(byte[] buffer, int start, int end, int depth) {
    this.buffer = buffer;
    this.pos = start;
    this.end = end;
    this.depth = depth;
  }

  /** A reader of the whole of {@code bytes} as one message. */
  static ProtoReader of(byte[] bytes) {
    return new ProtoReader(bytes, 0, bytes.length, 0);
  }

  /** Whether another field follows in this message. */
  boolean hasNext() {
    return pos < end;
  }

  /**
   * Reads the next tag and returns its field number; {@link #wireType()} then tells its encoding.
   */
  int next() throws WeightFileException {
    int tagPosition = pos;
    long tag = readVarint();
    fieldNumber = (int) (tag >>> 3);
    wireType = (int) (tag & 7);
    if (tag >>> 3 > 0x1fff_ffff || fieldNumber == 0) {
      throw new WeightFileException(Message.PROTOBUF_FIELD_NUMBER, tagPosition, tag >>> 3);
    }
    if (wireType == 3 || wireType == 4) {
      throw new WeightFileException(Message.PROTOBUF_GROUP, tagPosition, fieldNumber);
    }
    if (wireType > 5) {
      throw new WeightFileException(Message.PROTOBUF_WIRE_TYPE, tagPosition, fieldNumber, wireType);
    }
    return fieldNumber;
  }

  /** The wire type of the field {@link #next()} returned. */
  int wireType() {
    return wireType;
  }

  /** Reads a base-128 varint of at most 10 bytes. */
  long readVarint() throws WeightFileException {
    int start = pos;
    long value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= end) {
        throw new WeightFileException(Message.PROTOBUF_VARINT_TRUNCATED, start);
      }
      byte b = buffer[pos++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new WeightFileException(Message.PROTOBUF_VARINT_TOO_LONG, start);
  }

  int readFixed32() throws WeightFileException {
    require(4, "fixed32 value");
    int value =
        (buffer[pos] & 0xff)
            | (buffer[pos + 1] & 0xff) << 8
            | (buffer[pos + 2] & 0xff) << 16
            | (buffer[pos + 3] & 0xff) << 24;
    pos += 4;
    return value;
  }

  long readFixed64() throws WeightFileException {
    long low = readFixed32() & 0xffff_ffffL;
    long high = readFixed32() & 0xffff_ffffL;
    return low | high << 32;
  }

  /** A float field: fixed32 bits. */
  float readFloat() throws WeightFileException {
    expectWireType(FIXED32);
    return Float.intBitsToFloat(readFixed32());
  }

  /** Reads the length of a length-delimited field and checks it against the bytes left. */
  private int readLength() throws WeightFileException {
    expectWireType(LENGTH_DELIMITED);
    int start = pos;
    long length = readVarint();
    if (length < 0 || length > end - pos) {
      throw new WeightFileException(
          Message.PROTOBUF_LENGTH, start, fieldNumber, Long.toUnsignedString(length), end - pos);
    }
    return (int) length;
  }

  /** The bytes of a length-delimited field, copied. */
  byte[] readBytes() throws WeightFileException {
    int length = readLength();
    byte[] bytes = new byte[length];
    System.arraycopy(buffer, pos, bytes, 0, length);
    pos += length;
    return bytes;
  }

  /** A length-delimited field as UTF-8 text. */
  String readString() throws WeightFileException {
    int start = pos;
    int length = readLength();
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buffer, pos, length))
              .toString();
      pos += length;
      return s;
    } catch (CharacterCodingException e) {
      throw new WeightFileException(Message.PROTOBUF_UTF8, start, fieldNumber);
    }
  }

  /** A reader of the embedded message in this length-delimited field. */
  ProtoReader readMessage() throws WeightFileException {
    int start = pos;
    int length = readLength();
    if (depth + 1 > MAX_DEPTH) {
      throw new WeightFileException(Message.PROTOBUF_DEPTH, start, MAX_DEPTH);
    }
    ProtoReader nested = new ProtoReader(buffer, pos, pos + length, depth + 1);
    pos += length;
    return nested;
  }

  /** Reads a repeated int64 field element or packed run, appending to {@code out}. */
  void readInt64s(LongList out) throws WeightFileException {
    if (wireType == VARINT) {
      out.add(readVarint());
      return;
    }
    int length = readLength();
    int stop = pos + length;
    ProtoReader packed = new ProtoReader(buffer, pos, stop, depth);
    while (packed.hasNext()) {
      out.add(packed.readVarint());
    }
    pos = stop;
  }

  /** Reads a repeated float field element or packed run, appending to {@code out} as doubles. */
  void readFloats(DoubleList out) throws WeightFileException {
    if (wireType == FIXED32) {
      out.add(Float.intBitsToFloat(readFixed32()));
      return;
    }
    int length = readLength();
    if (length % 4 != 0) {
      throw new WeightFileException(
          Message.PROTOBUF_PACKED_LENGTH, pos, "float", fieldNumber, length, 4);
    }
    for (int i = 0; i < length; i += 4) {
      out.add(Float.intBitsToFloat(readFixed32()));
    }
  }

  /** Reads a repeated double field element or packed run, appending to {@code out}. */
  void readDoubles(DoubleList out) throws WeightFileException {
    if (wireType == FIXED64) {
      out.add(Double.longBitsToDouble(readFixed64()));
      return;
    }
    int length = readLength();
    if (length % 8 != 0) {
      throw new WeightFileException(
          Message.PROTOBUF_PACKED_LENGTH, pos, "double", fieldNumber, length, 8);
    }
    for (int i = 0; i < length; i += 8) {
      out.add(Double.longBitsToDouble(readFixed64()));
    }
  }

  /** An int64/int32 scalar field (varint). */
  long readInt64() throws WeightFileException {
    expectWireType(VARINT);
    return readVarint();
  }

  /** Skips the value of the field {@link #next()} returned, whatever its type. */
  void skip() throws WeightFileException {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> {
        require(8, "fixed64 value");
        pos += 8;
      }
      case FIXED32 -> {
        require(4, "fixed32 value");
        pos += 4;
      }
      case LENGTH_DELIMITED -> {
        int length = readLength(); // read first: it moves pos past the length varint
        pos += length;
      }
      default -> throw new WeightFileException(Message.PROTOBUF_SKIP, pos, wireType);
    }
  }

  private void expectWireType(int expected) throws WeightFileException {
    if (wireType != expected) {
      throw new WeightFileException(
          Message.PROTOBUF_WIRE_TYPE_EXPECTED, pos, fieldNumber, wireType, expected);
    }
  }

  private void require(int bytes, String what) throws WeightFileException {
    if (end - pos < bytes) {
      throw new WeightFileException(Message.PROTOBUF_TRUNCATED, pos, what, bytes, end - pos);
    }
  }

  /** A growable list of longs. */
  static final class LongList {
    private long[] values = new long[8];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  /** A growable list of doubles. */
  static final class DoubleList {
    private double[] values = new double[8];
    private int size;

    void add(double value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    double[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
