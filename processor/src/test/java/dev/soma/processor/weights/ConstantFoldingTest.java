package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.soma.processor.weights.testing.OnnxBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What depends on constants only is evaluated before the walk. */
class ConstantFoldingTest {
  @Test
  void transposeAndIdentityChainsOfConstantsFoldInAnyFileOrder() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y", -1, 2);
    model.floats("W", new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
    model.node("MatMul", List.of("x", "Wt2"), "y");
    model.node("Identity", "Wt", "Wt2");
    model.node("Transpose", "W", "Wt");
    CheckedGraph graph = CheckedGraph.of(OnnxModelParser.parse(model.build()));
    // [[1, 2, 3], [4, 5, 6]] transposed is [[1, 4], [2, 5], [3, 6]].
    assertArrayEquals(new long[] {3, 2}, graph.constant("Wt").dims());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, graph.constant("Wt").values());
    assertArrayEquals(new long[] {3, 2}, graph.constant("Wt2").dims());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, graph.constant("Wt2").values());
    assertFalse(graph.isConstant("y"));
    ImportedNetwork network = OnnxGraphConverter.convert(model.build());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, network.layers().get(0).weights());
  }

  @Test
  void constantNodeValueFloatsIsAVector() throws Exception {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 1).output("y", -1, 2);
    model.floats("W", new long[] {1, 2}, 1, 1);
    model.node("Constant", List.of(), "c").attrFloats("value_floats", 0.5f, -2f);
    model.node("MatMul", List.of("x", "W"), "h");
    model.node("Add", List.of("h", "c"), "y");
    CheckedGraph graph = CheckedGraph.of(OnnxModelParser.parse(model.build()));
    assertArrayEquals(new long[] {2}, graph.constant("c").dims());
    assertArrayEquals(new double[] {0.5, -2}, graph.constant("c").values());
    assertArrayEquals(
        new double[] {0.5, -2}, OnnxGraphConverter.convert(model.build()).layers().get(0).bias());
  }
}
