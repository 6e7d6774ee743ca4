package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} that Soma reads, as plain immutable data. Field numbers
 * and meanings follow {@code onnx/onnx.proto}; {@link OnnxModelParser} fills these records.
 *
 * @param irVersion {@code ModelProto.ir_version}
 * @param opsets {@code opset_import}: domain ("" for the default ONNX domain) to version
 * @param graph the main graph
 */
record OnnxModel(long irVersion, Map<String, Long> opsets, Graph graph) {

  /** The default domain's operator set version, or 0 when the model declares none. */
  long defaultOpset() {
    Long version = opsets.get("");
    if (version == null) {
      version = opsets.get("ai.onnx");
    }
    return version == null ? 0 : version;
  }

  /** {@code GraphProto}: nodes in file order, initializers by name, inputs and outputs. */
  record Graph(
      String name,
      List<Node> nodes,
      Map<String, TensorData> initializers,
      List<ValueInfo> inputs,
      List<ValueInfo> outputs) {}

  /** {@code NodeProto}: one operator application. Empty input names mean "optional, absent". */
  record Node(
      String name,
      String opType,
      String domain,
      List<String> inputs,
      List<String> outputs,
      Map<String, Attribute> attributes) {

    /** The name for messages: {@code Gemm 'fc1'}, or {@code Gemm node 3} when unnamed. */
    String describe(int index) {
      return name.isEmpty() ? opType + " node " + index : opType + " '" + name + "'";
    }

    /** Whether the node belongs to the default ONNX operator domain. */
    boolean isDefaultDomain() {
      return domain.isEmpty() || domain.equals("ai.onnx");
    }

    double floatAttribute(String attribute, double otherwise) {
      Attribute a = attributes.get(attribute);
      return a == null ? otherwise : a.f();
    }

    long intAttribute(String attribute, long otherwise) {
      Attribute a = attributes.get(attribute);
      return a == null ? otherwise : a.i();
    }

    String stringAttribute(String attribute, String otherwise) {
      Attribute a = attributes.get(attribute);
      return a == null ? otherwise : new String(a.s(), StandardCharsets.UTF_8);
    }
  }

  /** {@code AttributeProto}: the fields Soma reads; absent ones are zero or empty. */
  record Attribute(
      String name,
      int type,
      float f,
      long i,
      byte[] s,
      TensorData t,
      double[] floats,
      long[] ints) {}

  /** {@code ValueInfoProto}: a name and, when declared, the tensor shape (-1 for unknown dims). */
  record ValueInfo(String name, int elementType, long[] dims) {}

  /**
   * {@code TensorProto}: an initializer or a constant, decoded on demand.
   *
   * @param rawData {@code raw_data} (little-endian), or null when the values are in typed fields
   * @param typedValues {@code float_data}, {@code double_data}, {@code int64_data} or {@code
   *     int32_data} (16-bit floats as their bit patterns; 8- and 16-bit integers as their values),
   *     whichever the file used
   * @param external whether {@code data_location} is EXTERNAL
   */
  record TensorData(
      String name,
      int dataType,
      long[] dims,
      byte[] rawData,
      double[] typedValues,
      boolean external) {

    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int UINT16 = 4;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int BFLOAT16 = 16;

    /** The number of elements, the product of the dims (1 for a scalar). */
    long elementCount() throws WeightFileException {
      long count = 1;
      for (long dim : dims) {
        if (dim < 0) {
          throw new WeightFileException(
              Message.ONNX_NEGATIVE_DIMENSION, name, Arrays.toString(dims));
        }
        if (dim > Integer.MAX_VALUE || (count *= dim) > Integer.MAX_VALUE) {
          throw new WeightFileException(
              Message.ONNX_TENSOR_TOO_LARGE, name, Arrays.toString(dims));
        }
      }
      return count;
    }

    /**
     * The values as doubles in row-major order; exact for every supported data type. Quantized
     * integers (8 and 16 bits) are refused: they are weights only through {@code DequantizeLinear},
     * which reads them with {@link #integerValues}.
     */
    double[] values() throws WeightFileException {
      if (isQuantizedInteger()) {
        throw new WeightFileException(Message.ONNX_DATA_TYPE, name, typeName(dataType));
      }
      return decode();
    }

    /** The values of a quantized tensor (INT8, UINT8, INT16, UINT16 or INT32), exact. */
    double[] integerValues() throws WeightFileException {
      return decode();
    }

    private boolean isQuantizedInteger() {
      return dataType == INT8 || dataType == UINT8 || dataType == INT16 || dataType == UINT16;
    }

    private double[] decode() throws WeightFileException {
      if (external) {
        throw new WeightFileException(Message.ONNX_EXTERNAL_DATA, name);
      }
      int count = (int) elementCount();
      int size = elementSize(dataType);
      if (size < 0) {
        throw new WeightFileException(Message.ONNX_DATA_TYPE, name, typeName(dataType));
      }
      if (rawData != null) {
        if (rawData.length != (long) count * size) {
          throw new WeightFileException(
              Message.ONNX_RAW_DATA_LENGTH,
              name,
              Arrays.toString(dims),
              (long) count * size,
              rawData.length);
        }
        return decodeRaw(count);
      }
      if (typedValues.length != count) {
        throw new WeightFileException(
            Message.ONNX_VALUE_COUNT, name, Arrays.toString(dims), count, typedValues.length);
      }
      if (dataType == FLOAT16 || dataType == BFLOAT16) {
        double[] values = new double[count];
        for (int k = 0; k < count; k++) {
          values[k] = halfToFloat((int) typedValues[k]);
        }
        return values;
      }
      return typedValues.clone();
    }

    private double[] decodeRaw(int count) {
      ByteBuffer buffer = ByteBuffer.wrap(rawData).order(ByteOrder.LITTLE_ENDIAN);
      double[] values = new double[count];
      for (int k = 0; k < count; k++) {
        values[k] =
            switch (dataType) {
              case FLOAT -> buffer.getFloat(k * 4);
              case DOUBLE -> buffer.getDouble(k * 8);
              case INT32 -> buffer.getInt(k * 4);
              case INT64 -> buffer.getLong(k * 8);
              case INT8 -> buffer.get(k);
              case UINT8 -> buffer.get(k) & 0xFF;
              case INT16 -> buffer.getShort(k * 2);
              case UINT16 -> buffer.getShort(k * 2) & 0xFFFF;
              default -> halfToFloat(buffer.getShort(k * 2));
            };
      }
      return values;
    }

    private float halfToFloat(int bits) {
      return dataType == FLOAT16
          ? dev.soma.runtime.HalfPrecision.float16ToFloat(bits)
          : dev.soma.runtime.HalfPrecision.bfloat16ToFloat(bits);
    }

    private static int elementSize(int dataType) {
      return switch (dataType) {
        case FLOAT, INT32 -> 4;
        case DOUBLE, INT64 -> 8;
        case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
        case INT8, UINT8 -> 1;
        default -> -1;
      };
    }

    /** The {@code TensorProto.DataType} name of {@code dataType}, for messages. */
    static String typeName(int dataType) {
      List<String> names =
          List.of(
              "UNDEFINED",
              "FLOAT",
              "UINT8",
              "INT8",
              "UINT16",
              "INT16",
              "INT32",
              "INT64",
              "STRING",
              "BOOL",
              "FLOAT16",
              "DOUBLE",
              "UINT32",
              "UINT64",
              "COMPLEX64",
              "COMPLEX128",
              "BFLOAT16",
              "FLOAT8E4M3FN",
              "FLOAT8E4M3FNUZ",
              "FLOAT8E5M2",
              "FLOAT8E5M2FNUZ",
              "UINT4",
              "INT4");
      return dataType >= 0 && dataType < names.size() ? names.get(dataType) : "type " + dataType;
    }
  }
}
