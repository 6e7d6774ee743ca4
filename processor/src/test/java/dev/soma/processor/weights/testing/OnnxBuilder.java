package dev.soma.processor.weights.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ONNX models for tests with field numbers from {@code onnx/onnx.proto}: ModelProto
 * (ir_version 1, graph 7, opset_import 8), GraphProto (node 1, name 2, initializer 5, input 11,
 * output 12), NodeProto (input 1, output 2, name 3, op_type 4, attribute 5, domain 7),
 * AttributeProto (name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20), TensorProto (dims 1,
 * data_type 2, float_data 4, int32_data 5, int64_data 7, name 8, raw_data 9, double_data 10,
 * data_location 14), ValueInfoProto (name 1, type 2) with TypeProto.tensor_type 1 (elem_type 1,
 * shape 2) and TensorShapeProto.dim 1 (dim_value 1, dim_param 2).
 */
public final class OnnxBuilder {
  /** TensorProto.DataType values. */
  public static final int FLOAT = 1;

  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int FLOAT16 = 10;
  public static final int DOUBLE = 11;
  public static final int BFLOAT16 = 16;

  /** AttributeProto.AttributeType values. */
  private static final int ATTR_FLOAT = 1;

  private static final int ATTR_INT = 2;
  private static final int ATTR_STRING = 3;
  private static final int ATTR_TENSOR = 4;
  private static final int ATTR_FLOATS = 6;
  private static final int ATTR_INTS = 7;

  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();
  private long opset = 17;
  private long irVersion = 8;
  private int elementType = FLOAT;

  /** The element type of inputs and outputs declared after this call (FLOAT unless set). */
  public OnnxBuilder elementType(int dataType) {
    this.elementType = dataType;
    return this;
  }

  /** The IR version written (8 unless set); exporters before IR 4 list initializers as inputs. */
  public OnnxBuilder irVersion(long version) {
    this.irVersion = version;
    return this;
  }

  public OnnxBuilder opset(long version) {
    this.opset = version;
    return this;
  }

  /** A graph input of element type FLOAT; a negative dim is written as a symbolic "batch". */
  public OnnxBuilder input(String name, long... dims) {
    inputs.add(valueInfo(name, dims));
    return this;
  }

  public OnnxBuilder output(String name, long... dims) {
    outputs.add(valueInfo(name, dims));
    return this;
  }

  private ProtoWriter valueInfo(String name, long[] dims) {
    ProtoWriter shape = new ProtoWriter();
    for (long dim : dims) {
      shape.message(
          1, dim < 0 ? new ProtoWriter().string(2, "batch") : new ProtoWriter().varint(1, dim));
    }
    ProtoWriter tensorType = new ProtoWriter().varint(1, elementType).message(2, shape);
    return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
  }

  /** A FLOAT initializer stored as little-endian raw_data. */
  public OnnxBuilder floats(String name, long[] dims, float... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    initializers.add(tensor(name, FLOAT, dims).bytes(9, raw.array()));
    return this;
  }

  /** A FLOAT initializer stored in float_data. */
  public OnnxBuilder floatData(String name, long[] dims, float... values) {
    initializers.add(tensor(name, FLOAT, dims).packedFloats(4, values));
    return this;
  }

  /** A DOUBLE initializer stored as raw_data. */
  public OnnxBuilder doubles(String name, long[] dims, double... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      raw.putDouble(v);
    }
    initializers.add(tensor(name, DOUBLE, dims).bytes(9, raw.array()));
    return this;
  }

  /** A DOUBLE initializer stored in double_data. */
  public OnnxBuilder doubleData(String name, long[] dims, double... values) {
    initializers.add(tensor(name, DOUBLE, dims).packedDoubles(10, values));
    return this;
  }

  /** An INT64 initializer (shapes for Reshape) stored as raw_data. */
  public OnnxBuilder int64s(String name, long[] dims, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      raw.putLong(v);
    }
    initializers.add(tensor(name, INT64, dims).bytes(9, raw.array()));
    return this;
  }

  /** A FLOAT16 or BFLOAT16 initializer from 16-bit patterns, as raw_data or in int32_data. */
  public OnnxBuilder halves(String name, int dataType, boolean raw, long[] dims, int... bits) {
    ProtoWriter t = tensor(name, dataType, dims);
    if (raw) {
      ByteBuffer buffer = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int b : bits) {
        buffer.putShort((short) b);
      }
      t.bytes(9, buffer.array());
    } else {
      long[] widened = new long[bits.length];
      for (int k = 0; k < bits.length; k++) {
        widened[k] = bits[k];
      }
      t.packedVarints(5, widened);
    }
    initializers.add(t);
    return this;
  }

  /** Any hand-made initializer message. */
  public OnnxBuilder initializer(ProtoWriter tensor) {
    initializers.add(tensor);
    return this;
  }

  /** The start of a TensorProto: dims, data_type and name. */
  public static ProtoWriter tensor(String name, int dataType, long[] dims) {
    ProtoWriter t = new ProtoWriter();
    if (dims.length > 0) {
      t.packedVarints(1, dims);
    }
    return t.varint(2, dataType).string(8, name);
  }

  /** Adds a node; set its name and attributes on the returned builder. */
  public Node node(String opType, List<String> inputs, String... outputs) {
    Node node = new Node(opType, inputs, List.of(outputs));
    nodes.add(node.proto);
    return node;
  }

  /** Shorthand for a node with one input and one output. */
  public Node node(String opType, String input, String output) {
    return node(opType, List.of(input), output);
  }

  public byte[] build() {
    ProtoWriter graph = new ProtoWriter();
    nodes.forEach(n -> graph.message(1, n));
    graph.string(2, "test");
    initializers.forEach(t -> graph.message(5, t));
    inputs.forEach(i -> graph.message(11, i));
    outputs.forEach(o -> graph.message(12, o));
    return new ProtoWriter()
        .varint(1, irVersion)
        .string(2, "soma-tests")
        .message(7, graph)
        .message(8, new ProtoWriter().string(1, "").varint(2, opset))
        .toByteArray();
  }

  /** A NodeProto under construction; attributes are appended after inputs and outputs. */
  public static final class Node {
    final ProtoWriter proto = new ProtoWriter();

    Node(String opType, List<String> inputs, List<String> outputs) {
      inputs.forEach(i -> proto.string(1, i));
      outputs.forEach(o -> proto.string(2, o));
      proto.string(4, opType);
    }

    public Node name(String name) {
      proto.string(3, name);
      return this;
    }

    public Node domain(String domain) {
      proto.string(7, domain);
      return this;
    }

    public Node attr(String name, long value) {
      proto.message(5, new ProtoWriter().string(1, name).varint(3, value).varint(20, ATTR_INT));
      return this;
    }

    public Node attr(String name, float value) {
      proto.message(
          5, new ProtoWriter().string(1, name).floatField(2, value).varint(20, ATTR_FLOAT));
      return this;
    }

    public Node attr(String name, String value) {
      proto.message(5, new ProtoWriter().string(1, name).string(4, value).varint(20, ATTR_STRING));
      return this;
    }

    public Node attr(String name, ProtoWriter tensor) {
      proto.message(
          5, new ProtoWriter().string(1, name).message(5, tensor).varint(20, ATTR_TENSOR));
      return this;
    }

    public Node attrFloats(String name, float... values) {
      proto.message(
          5, new ProtoWriter().string(1, name).packedFloats(7, values).varint(20, ATTR_FLOATS));
      return this;
    }

    public Node attrInts(String name, long... values) {
      proto.message(
          5, new ProtoWriter().string(1, name).packedVarints(8, values).varint(20, ATTR_INTS));
      return this;
    }
  }
}
