package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.weights.OnnxModel.Attribute;
import dev.soma.processor.weights.OnnxModel.Graph;
import dev.soma.processor.weights.OnnxModel.Node;
import dev.soma.processor.weights.OnnxModel.TensorData;
import dev.soma.processor.weights.OnnxModel.ValueInfo;
import dev.soma.processor.weights.ProtoReader.DoubleList;
import dev.soma.processor.weights.ProtoReader.LongList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX model from its protobuf bytes with the field numbers of {@code onnx/onnx.proto},
 * skipping every field Soma does not need.
 */
final class OnnxModelParser {
  private OnnxModelParser() {}

  /** Parses {@code bytes} as a {@code ModelProto}. */
  static OnnxModel parse(byte[] bytes) throws WeightFileException {
    ProtoReader in = ProtoReader.of(bytes);
    long irVersion = 0;
    Map<String, Long> opsets = new LinkedHashMap<>();
    Graph graph = null;
    while (in.hasNext()) {
      switch (in.next()) {
        case 1 -> irVersion = in.readInt64(); // ir_version
        case 7 -> graph = graph(in.readMessage()); // graph
        case 8 -> opset(in.readMessage(), opsets); // opset_import
        default -> in.skip();
      }
    }
    if (graph == null) {
      throw new WeightFileException(Message.ONNX_NO_GRAPH);
    }
    return new OnnxModel(irVersion, opsets, graph);
  }

  /** Parses {@code bytes} as a standalone {@code TensorProto} (ONNX test data files). */
  static OnnxModel.TensorData parseTensor(byte[] bytes) throws WeightFileException {
    return tensor(ProtoReader.of(bytes));
  }

  private static void opset(ProtoReader in, Map<String, Long> opsets) throws WeightFileException {
    String domain = "";
    long version = 0;
    while (in.hasNext()) {
      switch (in.next()) {
        case 1 -> domain = in.readString();
        case 2 -> version = in.readInt64();
        default -> in.skip();
      }
    }
    opsets.put(domain, version);
  }

  private static Graph graph(ProtoReader in) throws WeightFileException {
    String name = "";
    List<Node> nodes = new ArrayList<>();
    Map<String, TensorData> initializers = new LinkedHashMap<>();
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    while (in.hasNext()) {
      switch (in.next()) {
        case 1 -> nodes.add(node(in.readMessage()));
        case 2 -> name = in.readString();
        case 5 -> {
          TensorData tensor = tensor(in.readMessage());
          if (initializers.put(tensor.name(), tensor) != null) {
            throw new WeightFileException(Message.ONNX_DUPLICATE_INITIALIZER, tensor.name());
          }
        }
        case 11 -> inputs.add(valueInfo(in.readMessage()));
        case 12 -> outputs.add(valueInfo(in.readMessage()));
        default -> in.skip();
      }
    }
    return new Graph(
        name, List.copyOf(nodes), initializers, List.copyOf(inputs), List.copyOf(outputs));
  }

  private static Node node(ProtoReader in) throws WeightFileException {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    String domain = "";
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    while (in.hasNext()) {
      switch (in.next()) {
        case 1 -> inputs.add(in.readString());
        case 2 -> outputs.add(in.readString());
        case 3 -> name = in.readString();
        case 4 -> opType = in.readString();
        case 5 -> {
          Attribute attribute = attribute(in.readMessage());
          attributes.put(attribute.name(), attribute);
        }
        case 7 -> domain = in.readString();
        default -> in.skip();
      }
    }
    return new Node(name, opType, domain, List.copyOf(inputs), List.copyOf(outputs), attributes);
  }

  private static Attribute attribute(ProtoReader in) throws WeightFileException {
    String name = "";
    int type = 0;
    float f = 0;
    long i = 0;
    byte[] s = new byte[0];
    TensorData t = null;
    DoubleList floats = new DoubleList();
    LongList ints = new LongList();
    while (in.hasNext()) {
      switch (in.next()) {
        case 1 -> name = in.readString();
        case 2 -> f = in.readFloat();
        case 3 -> i = in.readInt64();
        case 4 -> s = in.readBytes();
        case 5 -> t = tensor(in.readMessage());
        case 7 -> in.readFloats(floats);
        case 8 -> in.readInt64s(ints);
        case 20 -> type = (int) in.readInt64();
        default -> in.skip();
      }
    }
    return new Attribute(name, type, f, i, s, t, floats.toArray(), ints.toArray());
  }

  private static TensorData tensor(ProtoReader in) throws WeightFileException {
    LongList dims = new LongList();
    int dataType = 0;
    DoubleList floatData = new DoubleList();
    DoubleList doubleData = new DoubleList();
    LongList int32Data = new LongList();
    LongList int64Data = new LongList();
    String name = "";
    byte[] raw = null;
    boolean external = false;
    while (in.hasNext()) {
      switch (in.next()) {
        case 1 -> in.readInt64s(dims);
        case 2 -> dataType = (int) in.readInt64();
        case 4 -> in.readFloats(floatData);
        case 5 -> in.readInt64s(int32Data);
        case 7 -> in.readInt64s(int64Data);
        case 8 -> name = in.readString();
        case 9 -> raw = in.readBytes();
        case 10 -> in.readDoubles(doubleData);
        case 14 -> external = in.readInt64() == 1; // data_location: EXTERNAL = 1
        default -> in.skip();
      }
    }
    double[] typed =
        switch (dataType) {
          case TensorData.FLOAT -> floatData.toArray();
          case TensorData.DOUBLE -> doubleData.toArray();
          case TensorData.INT64 -> toDoubles(int64Data);
          default -> toDoubles(int32Data);
        };
    return new TensorData(name, dataType, dims.toArray(), raw, typed, external);
  }

  private static double[] toDoubles(LongList list) {
    long[] longs = list.toArray();
    double[] values = new double[longs.length];
    for (int k = 0; k < longs.length; k++) {
      values[k] = longs[k];
    }
    return values;
  }

  private static ValueInfo valueInfo(ProtoReader in) throws WeightFileException {
    String name = "";
    int elementType = 0;
    long[] dims = null;
    while (in.hasNext()) {
      switch (in.next()) {
        case 1 -> name = in.readString();
        case 2 -> { // TypeProto
          ProtoReader type = in.readMessage();
          while (type.hasNext()) {
            if (type.next() != 1) { // tensor_type
              type.skip();
              continue;
            }
            ProtoReader tensorType = type.readMessage();
            while (tensorType.hasNext()) {
              switch (tensorType.next()) {
                case 1 -> elementType = (int) tensorType.readInt64();
                case 2 -> dims = shape(tensorType.readMessage());
                default -> tensorType.skip();
              }
            }
          }
        }
        default -> in.skip();
      }
    }
    return new ValueInfo(name, elementType, dims);
  }

  /** {@code TensorShapeProto}: known dims as values, symbolic or absent ones as -1. */
  private static long[] shape(ProtoReader in) throws WeightFileException {
    LongList dims = new LongList();
    while (in.hasNext()) {
      if (in.next() != 1) {
        in.skip();
        continue;
      }
      ProtoReader dim = in.readMessage();
      long value = -1;
      while (dim.hasNext()) {
        if (dim.next() == 1) { // dim_value
          value = dim.readInt64();
        } else {
          dim.skip();
        }
      }
      dims.add(value);
    }
    return dims.toArray();
  }
}
