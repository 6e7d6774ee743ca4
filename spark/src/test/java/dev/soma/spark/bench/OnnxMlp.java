package dev.soma.spark.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The ONNX model of a 784-128 sigmoid-10 softmax network with given weights, for ONNX Runtime: per
 * layer a {@code Gemm} ({@code transB = 1}, so the row-major {@code out x in} weights are used as
 * stored) and its activation ({@code Sigmoid}, then {@code Softmax} over the last axis), on an
 * input {@code [N, 784]} with a symbolic batch dimension. IR 8, opset 13. Field numbers are those
 * of {@code onnx.proto}; the encoding is protobuf's (varints, length-delimited fields).
 */
final class OnnxMlp {
  private static final int FLOAT = 1;

  private OnnxMlp() {}

  /** The serialised {@code ModelProto}: weights {@code [out * in]} row-major per layer. */
  static byte[] model(float[][] weights, float[][] biases, int[] sizes) {
    Message graph = new Message();
    String current = "x";
    String[] activations = {"Sigmoid", "Softmax"};
    for (int l = 0; l < 2; l++) {
      String linear = "z" + l;
      String activated = l == 1 ? "y" : "h" + l;
      Message gemm = new Message().text(1, current).text(1, "w" + l).text(1, "b" + l).text(2, linear);
      gemm.text(3, "gemm" + l).text(4, "Gemm").message(5, new Message().text(1, "transB").varint(3, 1).varint(20, 2));
      graph.message(1, gemm);
      Message act = new Message().text(1, linear).text(2, activated).text(3, "act" + l).text(4, activations[l]);
      if (l == 1) {
        act.message(5, new Message().text(1, "axis").varint(3, -1).varint(20, 2));
      }
      graph.message(1, act);
      graph.message(5, tensor("w" + l, new long[] {sizes[l + 1], sizes[l]}, weights[l]));
      graph.message(5, tensor("b" + l, new long[] {sizes[l + 1]}, biases[l]));
      current = activated;
    }
    graph.text(2, "mlp128");
    graph.message(11, valueInfo("x", sizes[0]));
    graph.message(12, valueInfo("y", sizes[2]));
    return new Message()
        .varint(1, 8)
        .text(2, "soma-spark-bench")
        .message(7, graph)
        .message(8, new Message().text(1, "").varint(2, 13))
        .bytes();
  }

  /** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian floats). */
  private static Message tensor(String name, long[] dims, float[] values) {
    Message tensor = new Message();
    for (long dim : dims) {
      tensor.varint(1, dim);
    }
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return tensor.varint(2, FLOAT).text(8, name).raw(9, raw.array());
  }

  /** ValueInfoProto of a float tensor {@code [N, size]}, N symbolic (dim_param). */
  private static Message valueInfo(String name, int size) {
    Message shape =
        new Message().message(1, new Message().text(2, "N")).message(1, new Message().varint(1, size));
    Message tensorType = new Message().varint(1, FLOAT).message(2, shape);
    return new Message().text(1, name).message(2, new Message().message(1, tensorType));
  }

  /** A protobuf message under construction. */
  private static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Message varint(int field, long value) {
      tag(field, 0);
      unsigned(value);
      return this;
    }

    Message text(int field, String value) {
      return raw(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message message(int field, Message message) {
      return raw(field, message.bytes());
    }

    Message raw(int field, byte[] value) {
      tag(field, 2);
      unsigned(value.length);
      out.writeBytes(value);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void tag(int field, int wireType) {
      unsigned((long) field << 3 | wireType);
    }

    private void unsigned(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) (value & 0x7F) | 0x80);
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
