package dev.soma.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The operators of an ONNX model's main graph, in order, read straight from the protocol-buffers
 * bytes ({@code ModelProto.graph} field 7, {@code GraphProto.node} field 1, {@code
 * NodeProto.op_type} field 4 and {@code domain} field 7): enough to say which kernels ONNX Runtime
 * runs after its graph optimisations, from the optimised model it writes.
 */
public final class OnnxOperators {
  private OnnxOperators() {}

  /** The operators, as {@code domain:op_type} for a domain other than the default one. */
  public static List<String> of(byte[] model) {
    List<String> operators = new ArrayList<>();
    for (byte[] graph : fields(model, 7)) {
      for (byte[] node : fields(graph, 1)) {
        String op = "";
        String domain = "";
        for (byte[] value : fields(node, 4)) {
          op = new String(value, StandardCharsets.UTF_8);
        }
        for (byte[] value : fields(node, 7)) {
          domain = new String(value, StandardCharsets.UTF_8);
        }
        operators.add(domain.isEmpty() || domain.equals("ai.onnx") ? op : domain + ":" + op);
      }
    }
    return operators;
  }

  /** The length-delimited fields numbered {@code number} of a message, skipping all others. */
  private static List<byte[]> fields(byte[] message, int number) {
    List<byte[]> found = new ArrayList<>();
    int[] at = {0};
    while (at[0] < message.length) {
      long tag = varint(message, at);
      int wireType = (int) (tag & 7);
      switch (wireType) {
        case 0 -> varint(message, at);
        case 1 -> at[0] += 8;
        case 5 -> at[0] += 4;
        case 2 -> {
          int length = (int) varint(message, at);
          if (tag >>> 3 == number) {
            byte[] value = new byte[length];
            System.arraycopy(message, at[0], value, 0, length);
            found.add(value);
          }
          at[0] += length;
        }
        default -> throw new IllegalArgumentException("wire type " + wireType + " at byte " + at[0]);
      }
    }
    return found;
  }

  private static long varint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }
}
