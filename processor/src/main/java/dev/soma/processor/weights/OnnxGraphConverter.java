package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an ONNX graph into the dense layers it computes, following the single data path from the
 * graph's one input to its one output, in three steps: {@link CheckedGraph} checks the graph's
 * structure and indexes it (with {@link ConstantFolding} evaluating what depends on constants
 * only); {@link LayerWalk} folds the nodes on the data path into layers, recognising activations
 * written out as element-wise subgraphs with {@link ActivationSubgraph}; last, every node that
 * reads the data must have been visited, and the graph's declared input shape must match. Before
 * all that, {@link DynamicFlatten} replaces the shape arithmetic PyTorch writes for {@code
 * x.view(x.size(0), -1)} by a {@code Flatten}.
 */
public final class OnnxGraphConverter {
  private OnnxGraphConverter() {}

  /** Parses {@code onnx} as a {@code ModelProto} and converts its graph. */
  public static ImportedNetwork convert(byte[] onnx) throws WeightFileException {
    return convert(OnnxModelParser.parse(onnx));
  }

  static ImportedNetwork convert(OnnxModel model) throws WeightFileException {
    CheckedGraph graph = CheckedGraph.of(DynamicFlatten.rewrite(model));
    Set<Integer> visited = new HashSet<>();
    List<Problem> notes = new ArrayList<>();
    List<ImportedLayer> layers = LayerWalk.layers(graph, visited, notes);
    graph.checkEveryDataNodeVisited(visited);
    if (layers.isEmpty()) {
      throw new WeightFileException(Message.ONNX_NO_LAYER);
    }
    int inputSize = layers.get(0).in();
    graph.checkDeclaredInputSize(inputSize);
    return new ImportedNetwork(inputSize, layers, notes);
  }
}
