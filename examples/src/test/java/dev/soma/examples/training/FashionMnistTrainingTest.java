package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.examples.data.FashionMnist;
import dev.soma.train.EpochReport;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training on a data set no one here wrote: Fashion-MNIST's 60,000 training images, measured on its
 * 10,000 test images by the returned model's own forward pass. Skipped when the data is missing
 * ({@code apt-get install dataset-fashion-mnist}, or {@code SOMA_DATA}).
 */
class FashionMnistTrainingTest {
  private static FashionMnist data;

  private static final TrainingOptions OPTIONS =
      TrainingOptions.of(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam(1e-3)).batchSize(64).seed(42);

  @BeforeAll
  static void readData() throws IOException {
    Optional<Path> directory = FashionMnist.find(System.getenv("SOMA_DATA"));
    Assumptions.assumeTrue(directory.isPresent(), FashionMnist.HOW_TO_GET);
    data = FashionMnist.load(directory.get());
  }

  @Test
  void linearSoftmaxIsNear84Percent() {
    SomaFashionLinear model =
        new SomaFashionLinearTrainer(OPTIONS.epochs(3)).fit(data.trainImages(), data.trainLabels());

    double accuracy = TrainFashionMnist.accuracy(model::classify, data);
    // Multinomial logistic regression on Fashion-MNIST lands at about 84 %; no linear model gets
    // far above.
    assertTrue(accuracy > 0.82 && accuracy < 0.87, "test accuracy " + accuracy);
  }

  @Test
  void mlpReaches88PercentWithinTenEpochs() {
    SomaFashionMlpTrainer trainer =
        new SomaFashionMlpTrainer(OPTIONS.epochs(10).stopWhen(r -> r.validationAccuracy() >= 0.88));
    SomaFashionMlp model =
        trainer.fit(data.trainImages(), data.trainLabels(), data.testImages(), data.testLabels());

    double accuracy = TrainFashionMnist.accuracy(model::classify, data);
    assertTrue(
        accuracy >= 0.88,
        "test accuracy " + accuracy + " after " + trainer.history().size() + " epochs");
    EpochReport last = trainer.history().get(trainer.history().size() - 1);
    assertTrue(
        Math.abs(last.validationAccuracy() - accuracy) < 1e-9,
        "the trainer measures what the model computes");
  }
}
