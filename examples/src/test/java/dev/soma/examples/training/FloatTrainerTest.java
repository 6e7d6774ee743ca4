package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.train.Loss;
import dev.soma.train.TrainingOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The float trainer against the double one (itself checked against finite differences), on the same
 * weights through every trainable activation: the gradients agree to float precision.
 */
class FloatTrainerTest {
  @ParameterizedTest
  @EnumSource(
      value = Loss.class,
      names = {"MSE", "CROSS_ENTROPY"})
  void floatGradientsMatchDoubleGradients(Loss loss) {
    SomaAllKindsNetworks_InDouble reference = SomaAllKindsNetworks_InDouble.random(11);
    double[][] weights = reference.weights();
    double[][] biases = reference.biases();
    SplittableRandom random = new SplittableRandom(12);
    for (double[] bias : biases) {
      for (int i = 0; i < bias.length; i++) {
        bias[i] = random.nextDouble(-0.5, 0.5);
      }
    }
    double[][] x = new double[8][3];
    double[][] t = new double[8][3];
    for (int k = 0; k < x.length; k++) {
      for (int j = 0; j < 3; j++) {
        x[k][j] = random.nextDouble(-2, 2);
      }
      t[k][random.nextInt(3)] = 1;
    }
    // Values exactly representable in float, so both networks see the same numbers.
    double[][] w = roundToFloat(weights);
    double[][] b = roundToFloat(biases);
    double[][] xd = roundToFloat(x);

    SomaAllKindsNetworks_InDoubleTrainer inDouble =
        new SomaAllKindsNetworks_InDoubleTrainer(
            TrainingOptions.of(loss), new SomaAllKindsNetworks_InDouble(w, b));
    SomaAllKindsNetworks_InFloatTrainer inFloat =
        new SomaAllKindsNetworks_InFloatTrainer(
            TrainingOptions.of(loss), new SomaAllKindsNetworks_InFloat(floats(w), floats(b)));
    double doubleLoss = inDouble.computeGradients(xd, t);
    double floatLoss = inFloat.computeGradients(floats(xd), floats(t));

    assertEquals(doubleLoss, floatLoss, 1e-5 * Math.max(1, doubleLoss));
    assertClose(inDouble.weightGradients(), inFloat.weightGradients());
    assertClose(inDouble.biasGradients(), inFloat.biasGradients());
  }

  /** Norm-wise relative difference per layer below 1e-4. */
  private static void assertClose(double[][] expected, float[][] actual) {
    for (int l = 0; l < expected.length; l++) {
      double difference = 0;
      double norm = 0;
      for (int k = 0; k < expected[l].length; k++) {
        difference += (expected[l][k] - actual[l][k]) * (expected[l][k] - actual[l][k]);
        norm += expected[l][k] * expected[l][k];
      }
      double relative = Math.sqrt(difference / Math.max(norm, 1e-30));
      assertTrue(relative < 1e-4, "layer " + l + ": relative difference " + relative);
    }
  }

  private static double[][] roundToFloat(double[][] values) {
    double[][] rounded = new double[values.length][];
    for (int l = 0; l < values.length; l++) {
      rounded[l] = new double[values[l].length];
      for (int k = 0; k < values[l].length; k++) {
        rounded[l][k] = (float) values[l][k];
      }
    }
    return rounded;
  }

  private static float[][] floats(double[][] values) {
    float[][] floats = new float[values.length][];
    for (int l = 0; l < values.length; l++) {
      floats[l] = new float[values[l].length];
      for (int k = 0; k < values[l].length; k++) {
        floats[l][k] = (float) values[l][k];
      }
    }
    return floats;
  }
}
