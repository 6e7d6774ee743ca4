package dev.soma.benchmarks;

import dev.soma.Activation;

/**
 * Writes an {@link Mlp} as an ONNX model: per layer a {@code Gemm} node ({@code transB = 1}, so the
 * row-major {@code out x in} weights are used as stored) and an activation node, on an input of
 * shape {@code [rows, inputs]} (one row unless asked). Field numbers are those of {@code
 * onnx.proto}.
 */
public final class OnnxExport {
  /** IR version 9 and opset 20, the first with {@code Gelu}; ONNX Runtime 1.20 reads both. */
  private static final long IR_VERSION = 9;

  private static final long OPSET = 20;
  private static final int FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;
  static final String INPUT = "x";
  static final String OUTPUT = "y";

  private OnnxExport() {}

  /** The serialised {@code ModelProto} for one input row. */
  public static byte[] model(Mlp mlp) {
    return model(mlp, 1);
  }

  /** The serialised {@code ModelProto} for {@code rows} input rows per run. */
  public static byte[] model(Mlp mlp, int rows) {
    ProtobufWriter graph = new ProtobufWriter();
    String current = INPUT;
    for (int l = 0; l < mlp.layers(); l++) {
      int n = l + 1;
      String weights = "w" + n;
      String bias = "b" + n;
      boolean last = l == mlp.layers() - 1;
      Activation.Kind kind = mlp.activations()[l];
      String linear = last && kind == Activation.Kind.IDENTITY ? OUTPUT : "z" + n;
      String[] gemmInputs = {current, weights, bias};
      graph.message(1, node("gemm" + n, "Gemm", gemmInputs, linear, attributeInt("transB", 1)));
      current = linear;
      if (kind != Activation.Kind.IDENTITY) {
        String activated = last ? OUTPUT : "h" + n;
        graph.message(1, node("act" + n, operator(kind), new String[] {current}, activated, null));
        current = activated;
      }
      long[] shape = {mlp.sizes()[n], mlp.sizes()[l]};
      graph.message(5, tensor(weights, shape, mlp.weights()[l]));
      graph.message(5, tensor(bias, new long[] {mlp.sizes()[n]}, mlp.biases()[l]));
    }
    graph.string(2, "soma_benchmark");
    graph.message(11, valueInfo(INPUT, rows, mlp.inputs()));
    graph.message(12, valueInfo(OUTPUT, rows, mlp.outputs()));
    return new ProtobufWriter()
        .varint(1, IR_VERSION)
        .string(2, "soma-benchmarks")
        .message(7, graph)
        .message(8, new ProtobufWriter().string(1, "").varint(2, OPSET))
        .toByteArray();
  }

  private static String operator(Activation.Kind kind) {
    switch (kind) {
      case RELU:
        return "Relu";
      case SIGMOID:
        return "Sigmoid";
      case TANH:
        return "Tanh";
      case GELU:
        return "Gelu";
      default:
        throw new IllegalArgumentException("no ONNX operator written for " + kind);
    }
  }

  /** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
  private static ProtobufWriter node(
      String name, String op, String[] inputs, String output, ProtobufWriter attribute) {
    ProtobufWriter node = new ProtobufWriter();
    for (String input : inputs) {
      node.string(1, input);
    }
    node.string(2, output).string(3, name).string(4, op);
    if (attribute != null) {
      node.message(5, attribute);
    }
    return node;
  }

  /** AttributeProto: name 1, i 3, type 20. */
  private static ProtobufWriter attributeInt(String name, long value) {
    return new ProtobufWriter().string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT);
  }

  /** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
  private static ProtobufWriter tensor(String name, long[] dims, float[] values) {
    ProtobufWriter tensor = new ProtobufWriter();
    for (long dim : dims) {
      tensor.varint(1, dim);
    }
    return tensor.varint(2, FLOAT).string(8, name).rawFloats(9, values);
  }

  /** ValueInfoProto (name 1, type 2) of a float tensor {@code [rows, size]}. */
  private static ProtobufWriter valueInfo(String name, int rows, int size) {
    ProtobufWriter shape =
        new ProtobufWriter()
            .message(1, new ProtobufWriter().varint(1, rows))
            .message(1, new ProtobufWriter().varint(1, size));
    ProtobufWriter tensorType = new ProtobufWriter().varint(1, FLOAT).message(2, shape);
    ProtobufWriter type = new ProtobufWriter().message(1, tensorType);
    return new ProtobufWriter().string(1, name).message(2, type);
  }
}
