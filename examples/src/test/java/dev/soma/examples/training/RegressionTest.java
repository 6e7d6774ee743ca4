package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.train.EpochReport;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regression with target vectors and MSE: a 1-16-1 tanh network learns sin on [-pi, pi]. */
class RegressionTest {
  private static double[][] grid(int points) {
    double[][] x = new double[points][1];
    for (int k = 0; k < points; k++) {
      x[k][0] = -Math.PI + 2 * Math.PI * k / (points - 1);
    }
    return x;
  }

  private static double[][] sine(double[][] x) {
    double[][] t = new double[x.length][1];
    for (int k = 0; k < x.length; k++) {
      t[k][0] = Math.sin(x[k][0]);
    }
    return t;
  }

  @Test
  void sgdWithMomentumFitsTheSine() {
    double[][] x = grid(200);
    SomaSineNetworkTrainer trainer =
        new SomaSineNetworkTrainer(
            TrainingOptions.of(Loss.MSE)
                .optimizer(Optimizer.sgd(0.05).momentum(0.9))
                .batchSize(10)
                .epochs(300)
                .seed(1));
    SomaSineNetwork model = trainer.fit(x, sine(x));

    // Measured on points between the training points, with the model's own forward pass.
    double mse = meanSquaredError(model, grid(1001));
    assertTrue(mse < 1e-3, "mean squared error " + mse);
    // The trainer's loss is the same quantity, measured on the training points.
    assertEquals(trainer.loss(x, sine(x)), meanSquaredError(model, x), 1e-12);
  }

  @Test
  void earlyStoppingEndsTrainingWhenValidationLossStalls() {
    double[][] x = grid(50);
    double[][] validation = grid(37);
    SomaSineNetworkTrainer trainer =
        new SomaSineNetworkTrainer(
            TrainingOptions.of(Loss.MSE)
                .optimizer(Optimizer.adam(0.01))
                .epochs(5000)
                .earlyStopping(5, 1e-4)
                .seed(2));
    trainer.fit(x, sine(x), validation, sine(validation));

    List<EpochReport> history = trainer.history();
    assertTrue(history.size() < 5000, "stopped after " + history.size() + " epochs");
    // None of the last five epochs beat the best before them by more than 1e-4.
    int stalled = history.size() - 5;
    double best =
        history.subList(0, stalled).stream()
            .mapToDouble(EpochReport::validationLoss)
            .min()
            .orElseThrow();
    for (EpochReport report : history.subList(stalled, history.size())) {
      assertTrue(report.validationLoss() >= best - 1e-4, report + " after best " + best);
    }
  }

  private static double meanSquaredError(SomaSineNetwork model, double[][] x) {
    double squares = 0;
    for (double[] point : x) {
      double error = model.y(point[0]) - Math.sin(point[0]);
      squares += error * error;
    }
    return squares / x.length;
  }
}
