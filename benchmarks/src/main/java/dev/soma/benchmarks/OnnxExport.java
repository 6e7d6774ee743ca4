package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.runtime.Quantization;

/**
 * Writes an {@link Mlp} as an ONNX model: per layer a {@code Gemm} node ({@code transB = 1}, so the
 * row-major {@code out x in} weights are used as stored) and an activation node, on an input of
 * shape {@code [rows, inputs]} (one row unless asked); or with int8 weights ({@link Weights}).
 * Field numbers are those of {@code onnx.proto}.
 */
public final class OnnxExport {
  /** IR version 9 and opset 20, the first with {@code Gelu}; ONNX Runtime 1.20 reads both. */
  private static final long IR_VERSION = 9;

  private static final long OPSET = 20;
  private static final int FLOAT = 1;
  private static final int INT8 = 3;
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
    return model(mlp, rows, Weights.FLOAT);
  }

  /**
   * How a model holds and uses its weights. The quantized forms take Soma's own INT8 quantization
   * of the float weights ({@link Quantization#int8Scales}, symmetric, one scale per output, zero
   * point 0), so Soma's INT8 networks built from the same floats hold the same int8 values.
   */
  public enum Weights {
    /** Float initializers into {@code Gemm}. */
    FLOAT,
    /**
     * Weight-only QDQ: int8 initializers {@code [out, in]} with a scale per output, {@code
     * DequantizeLinear (axis 0)} into a float {@code Gemm (transB = 1)}, as quantization tools write
     * weight-only models.
     */
    QDQ,
    /**
     * Dynamic quantization as {@code onnxruntime.quantization.quantize_dynamic} writes it: {@code
     * DynamicQuantizeLinear} of the input (uint8, scale and zero point per run), {@code
     * MatMulInteger} with int8 weights {@code [in, out]}, {@code Cast} to float, {@code Mul} by the
     * input scale times the per-output weight scales, {@code Add} of the bias.
     */
    DYNAMIC
  }

  /** The serialised {@code ModelProto} with {@code weights} in that form. */
  public static byte[] model(Mlp mlp, int rows, Weights form) {
    ProtobufWriter graph = new ProtobufWriter();
    String current = INPUT;
    for (int l = 0; l < mlp.layers(); l++) {
      int n = l + 1;
      boolean last = l == mlp.layers() - 1;
      Activation.Kind kind = mlp.activations()[l];
      String linear = last && kind == Activation.Kind.IDENTITY ? OUTPUT : "z" + n;
      int in = mlp.sizes()[l];
      int out = mlp.sizes()[n];
      switch (form) {
        case FLOAT -> {
          graph.message(1, node("gemm" + n, "Gemm", new String[] {current, "w" + n, "b" + n}, linear, attributeInt("transB", 1)));
          graph.message(5, tensor("w" + n, new long[] {out, in}, mlp.weights()[l]));
        }
        case QDQ -> {
          float[] scales = Quantization.int8Scales(mlp.weights()[l], out, in);
          byte[] q = Quantization.int8(mlp.weights()[l], out, in, scales);
          graph.message(1, node("dq" + n, "DequantizeLinear", new String[] {"wq" + n, "ws" + n}, "w" + n, attributeInt("axis", 0)));
          graph.message(1, node("gemm" + n, "Gemm", new String[] {current, "w" + n, "b" + n}, linear, attributeInt("transB", 1)));
          graph.message(5, int8Tensor("wq" + n, new long[] {out, in}, q));
          graph.message(5, tensor("ws" + n, new long[] {out}, scales));
        }
        case DYNAMIC -> {
          float[] scales = Quantization.int8Scales(mlp.weights()[l], out, in);
          byte[] q = Quantization.int8(mlp.weights()[l], out, in, scales);
          byte[] columns = new byte[q.length];
          for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
              columns[j * out + i] = q[i * in + j];
            }
          }
          String p = "l" + n + "_";
          graph.message(1, node(p + "quantize", "DynamicQuantizeLinear", new String[] {current}, new String[] {p + "xq", p + "xs", p + "xz"}, null));
          graph.message(1, node(p + "matmul", "MatMulInteger", new String[] {p + "xq", "wq" + n, p + "xz"}, p + "acc", null));
          graph.message(1, node(p + "cast", "Cast", new String[] {p + "acc"}, p + "accf", attributeInt("to", FLOAT)));
          graph.message(1, node(p + "scale", "Mul", new String[] {p + "xs", "ws" + n}, p + "s", null));
          graph.message(1, node(p + "rescale", "Mul", new String[] {p + "accf", p + "s"}, p + "mm", null));
          graph.message(1, node(p + "bias", "Add", new String[] {p + "mm", "b" + n}, linear, null));
          graph.message(5, int8Tensor("wq" + n, new long[] {in, out}, columns));
          graph.message(5, tensor("ws" + n, new long[] {out}, scales));
        }
      }
      graph.message(5, tensor("b" + n, new long[] {out}, mlp.biases()[l]));
      current = linear;
      if (kind != Activation.Kind.IDENTITY) {
        String activated = last ? OUTPUT : "h" + n;
        graph.message(1, node("act" + n, operator(kind), new String[] {current}, activated, null));
        current = activated;
      }
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
    return node(name, op, inputs, new String[] {output}, attribute);
  }

  private static ProtobufWriter node(
      String name, String op, String[] inputs, String[] outputs, ProtobufWriter attribute) {
    ProtobufWriter node = new ProtobufWriter();
    for (String input : inputs) {
      node.string(1, input);
    }
    for (String output : outputs) {
      node.string(2, output);
    }
    node.string(3, name).string(4, op);
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

  /** TensorProto of INT8 values as raw_data. */
  private static ProtobufWriter int8Tensor(String name, long[] dims, byte[] values) {
    ProtobufWriter tensor = new ProtobufWriter();
    for (long dim : dims) {
      tensor.varint(1, dim);
    }
    return tensor.varint(2, INT8).string(8, name).bytes(9, values);
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
