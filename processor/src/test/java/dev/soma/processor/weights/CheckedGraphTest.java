package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.processor.weights.testing.OnnxBuilder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The structure checks and the index of an ONNX graph, apart from the walk. */
class CheckedGraphTest {
  static final int CHAIN = 20_000;

  static CheckedGraph checked(OnnxBuilder model) throws WeightFileException {
    return CheckedGraph.of(OnnxModelParser.parse(model.build()));
  }

  /** x -> Identity x CHAIN, written last node first -> Gemm(W = [[1, 2, 3], [4, 5, 6]]) -> y. */
  static OnnxBuilder reverseOrderedIdentityChain() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y", -1, 2);
    model.floats("W", new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
    model.node("Gemm", List.of("v" + CHAIN, "W"), "y").name("fc1").attr("transB", 1L);
    for (int k = CHAIN; k >= 1; k--) {
      model.node("Identity", k == 1 ? "x" : "v" + (k - 1), "v" + k);
    }
    return model;
  }

  @Test
  void topologicalOrderPutsEveryNodeAfterItsProducers() throws Exception {
    CheckedGraph graph = checked(reverseOrderedIdentityChain());
    List<Integer> order = graph.topologicalOrder();
    assertEquals(CHAIN + 1, order.size());
    // File order is Gemm (0), then the Identity producing v20000 (1), ..., the one reading x.
    assertEquals(CHAIN, order.get(0));
    assertEquals(1, order.get(CHAIN - 1));
    assertEquals(0, order.get(CHAIN));
    assertEquals("x", graph.dataInput());
    assertEquals("y", graph.output());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void reverseOrderedIdentityChainConvertsInLinearTime() throws Exception {
    ImportedNetwork network = OnnxGraphConverter.convert(reverseOrderedIdentityChain().build());
    assertEquals(1, network.layers().size());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, network.layers().get(0).weights());
    assertArrayEquals(new double[] {0, 0}, network.layers().get(0).bias());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void strayNodeOnALongReverseOrderedChainIsNamed() throws Exception {
    OnnxBuilder model = reverseOrderedIdentityChain();
    model.node("Relu", "v" + (CHAIN / 2), "stray").name("off");
    CheckedGraph graph = checked(model);
    Set<Integer> visited = new HashSet<>();
    for (int index = 0; index <= CHAIN; index++) {
      visited.add(index);
    }
    WeightFileException e =
        assertThrows(WeightFileException.class, () -> graph.checkEveryDataNodeVisited(visited));
    assertEquals(
        "the graph branches: Relu 'off' lie off the single path from input to output",
        e.getMessage());
  }

  @Test
  void nodesThatReadOnlyConstantsNeedNotBeVisited() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2).output("y", -1, 1);
    model.floats("W", new long[] {2, 1}, 1, 2);
    model.node("Transpose", "W", "unusedTransposed").name("constant only");
    model.node("MatMul", List.of("x", "W"), "y").name("fc1");
    CheckedGraph graph = checked(model);
    assertDoesNotThrow(() -> graph.checkEveryDataNodeVisited(Set.of(1)));
    WeightFileException e =
        assertThrows(WeightFileException.class, () -> graph.checkEveryDataNodeVisited(Set.of()));
    assertEquals(
        "the graph branches: MatMul 'fc1' lie off the single path from input to output",
        e.getMessage());
  }

  @Test
  void indexKnowsProducersConsumersAndConstants() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2).output("y", -1, 1);
    model.floats("W", new long[] {2, 1}, 1, 2);
    model.node("Relu", "h", "y");
    model.node("MatMul", List.of("x", "W"), "h");
    CheckedGraph graph = checked(model);
    assertEquals(List.of(1), graph.consumers("x"));
    assertEquals(List.of(0), graph.consumers("h"));
    assertEquals(List.of(), graph.consumers("y"));
    assertEquals(List.of(1, 0), graph.topologicalOrder());
    assertArrayEquals(new double[] {1, 2}, graph.constant("W").values());
    Map<String, Boolean> outputs = new HashMap<>();
    for (String value : List.of("x", "h", "y")) {
      outputs.put(value, graph.isGraphOutput(value));
    }
    assertEquals(Map.of("x", false, "h", false, "y", true), outputs);
  }

  @Test
  void declaredInputShapeIsComparedWhenFixed() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 2, 3).output("y", -1, 1);
    model.floats("W", new long[] {6, 1}, 1, 2, 3, 4, 5, 6);
    model.node("Flatten", "x", "f");
    model.node("MatMul", List.of("f", "W"), "y");
    CheckedGraph graph = checked(model);
    assertDoesNotThrow(() -> graph.checkDeclaredInputSize(6));
    WeightFileException e =
        assertThrows(WeightFileException.class, () -> graph.checkDeclaredInputSize(5));
    assertEquals(
        "graph input 'x' has shape [-1, 2, 3] (6 features), but the first layer takes 5 inputs",
        e.getMessage());
  }
}
