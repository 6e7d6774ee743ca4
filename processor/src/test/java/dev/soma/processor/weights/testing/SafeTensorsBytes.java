package dev.soma.processor.weights.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made safetensors files for tests: any header text, any data bytes. */
public final class SafeTensorsBytes {
  private SafeTensorsBytes() {}

  /** The 8-byte little-endian length of {@code header}'s UTF-8 bytes, the header, the data. */
  public static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length)
        .put(json)
        .put(data)
        .array();
  }
}
