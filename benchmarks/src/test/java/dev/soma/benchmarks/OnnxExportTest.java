package dev.soma.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtException;
import dev.soma.Activation;
import org.junit.jupiter.api.Test;

/**
 * The exported model, run by ONNX Runtime, against values computed by hand: the model file is only
 * right if ONNX Runtime reads the same network out of it.
 */
class OnnxExportTest {
  /**
   * The lecture's layer: x = (2, 5, 1), W = [[0.1, 0.4, 0.5], [0.2, 0.3, 0.6]], b = (0.5, -0.1).
   */
  private static final float[] LECTURE_WEIGHTS = {0.1f, 0.4f, 0.5f, 0.2f, 0.3f, 0.6f};

  private static final float[] LECTURE_BIAS = {0.5f, -0.1f};
  private static final float[] LECTURE_INPUT = {2, 5, 1};

  @Test
  void linearLayerGivesTheLecturesValues() throws OrtException {
    // z1 = 0.5 + 0.2 + 2.0 + 0.5 = 3.2, z2 = -0.1 + 0.4 + 1.5 + 0.6 = 2.4
    Mlp mlp =
        new Mlp(
            new float[][] {LECTURE_WEIGHTS},
            new float[][] {LECTURE_BIAS},
            new int[] {3, 2},
            new Activation.Kind[] {Activation.Kind.IDENTITY});
    assertArrayEquals(new float[] {3.2f, 2.4f}, run(mlp, LECTURE_INPUT), 1e-6f);
  }

  @Test
  void reluThenSigmoidLayers() throws OrtException {
    // Layer 1 as above with ReLU: (3.2, 2.4). Layer 2: 0.5 * 3.2 - 1 * 2.4 + 0.3 = -0.5;
    // sigmoid(-0.5) = 1 / (1 + e^0.5) = 0.3775406687981454.
    Mlp mlp =
        new Mlp(
            new float[][] {LECTURE_WEIGHTS, {0.5f, -1f}},
            new float[][] {LECTURE_BIAS, {0.3f}},
            new int[] {3, 2, 1},
            new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.SIGMOID});
    assertEquals(0.3775406687981454, run(mlp, LECTURE_INPUT)[0], 1e-6);
  }

  @Test
  void tanhAndGeluNodes() throws OrtException {
    // One input, weight 1, bias 0: tanh(0.7) = 0.6043677771171636, then a 1x1 layer (weight 2,
    // bias 0) and GELU: g = 1.2087355542343272, g (1 + erf(g / sqrt 2)) / 2 = 1.071686423043449
    // (computed with Python's math.erf, independent of Java and of ONNX Runtime).
    Mlp mlp =
        new Mlp(
            new float[][] {{1f}, {2f}},
            new float[][] {{0f}, {0f}},
            new int[] {1, 1, 1},
            new Activation.Kind[] {Activation.Kind.TANH, Activation.Kind.GELU});
    assertEquals(1.071686423043449, run(mlp, new float[] {0.7f})[0], 2e-6);
  }

  private static float[] run(Mlp mlp, float[] x) throws OrtException {
    float[] y = new float[mlp.outputs()];
    try (OrtRunner runner = new OrtRunner(mlp, 1)) {
      runner.forward(x, y);
    }
    return y;
  }
}
