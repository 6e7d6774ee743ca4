package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.Soma;
import dev.soma.processor.networks.Lecture;
import dev.soma.processor.networks.SomaLecture_Collapsed;
import dev.soma.processor.networks.SomaLecture_LinearLayer;
import dev.soma.processor.networks.SomaLecture_LinearLayerFloat;
import dev.soma.processor.networks.SomaLecture_PartyDecider;
import dev.soma.processor.testing.ReferenceNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lecture's examples, checked against the values computed by hand in the lecture. */
class LectureTest {
  @Test
  void workedExampleGivesTheLectureValues() {
    // z1 = 0.1*2 + 0.4*5 + 0.5*1 + 0.5 = 3.2; z2 = 0.2*2 + 0.3*5 + 0.6*1 - 0.1 = 2.4
    Lecture.LinearLayer layer = new SomaLecture_LinearLayer();
    assertArrayEquals(new double[] {3.2, 2.4}, layer.apply(new double[] {2, 5, 1}), 1e-12);
    double[] z = new double[2];
    layer.apply(new double[] {2, 5, 1}, z);
    assertArrayEquals(new double[] {3.2, 2.4}, z, 1e-12);
  }

  @Test
  void workedExampleInFloat() {
    float[] z = new SomaLecture_LinearLayerFloat().apply(new float[] {2, 5, 1});
    assertArrayEquals(new float[] {3.2f, 2.4f}, z, 1e-6f);
  }

  @Test
  void somaCreateFindsTheGeneratedClassOfANestedInterface() {
    Lecture.LinearLayer layer = Soma.create(Lecture.LinearLayer.class);
    assertEquals(SomaLecture_LinearLayer.class, layer.getClass());
    assertArrayEquals(new double[] {3.2, 2.4}, layer.apply(new double[] {2, 5, 1}), 1e-12);
  }

  @Test
  void partyDeciderWithRuntimeWeights() {
    // weather matters most, company a little; a slightly eager bias
    float[][] weights = {{2f, 0.5f, 1f, -1f, 1f, 0.5f}, {1.5f, -0.5f}};
    float[][] biases = {{0.5f, 0f}, {-1f}};
    SomaLecture_PartyDecider party = new SomaLecture_PartyDecider(weights, biases);
    // hidden: relu(0.5 + 2*1 + 0.5*0 + 1*1) = 3.5, relu(0 - 1 + 0 + 0.5) = 0; out: sigmoid(-1 + 1.5*3.5) = sigmoid(4.25)
    assertEquals(1 / (1 + Math.exp(-4.25)), party.attend(1, 0, 1), 1e-6);
    assertEquals(SomaLecture_PartyDecider.PARAMETERS, 11);
  }

  @Test
  void collapsedLinearLayersAreFusedAndAgreeWithTheTwoLayerReference() {
    assertEquals(1, SomaLecture_Collapsed.LAYERS);
    ReferenceNetwork twoLayers =
        new ReferenceNetwork(
            new double[][] {
              {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {0.1, -0.2, 0.3, -0.4, 0.5, 0.6, -0.7, 0.8}
            },
            new double[][] {{0.5, -1, 2, 0}, {1, -1}},
            List.of("IDENTITY", "IDENTITY"),
            0.01);
    Lecture.Collapsed fused = new SomaLecture_Collapsed();
    double[][] inputs = {{0, 0, 0}, {1, 2, 3}, {-0.5, 4, 1e3}};
    for (double[] x : inputs) {
      assertArrayEquals(twoLayers.apply(x), fused.apply(x), 1e-9 * (1 + Math.abs(x[2]) * 100));
    }
  }
}
