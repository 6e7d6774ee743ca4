package dev.soma.examples.training;

import dev.soma.examples.data.FashionMnist;
import dev.soma.examples.output.Progress;
import dev.soma.examples.sections.FashionSection;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.util.List;

/**
 * The tour's Fashion-MNIST experiments: {@link FashionLinear} and {@link FashionMlp} trained by
 * their generated trainers (Adam 1e-3, batches of 64, seed 42), measured on the test images.
 */
public final class FashionExperiments {
  private FashionExperiments() {}

  /** The linear model for 5 epochs (about 84 %) and the MLP for 8 (about 88 %). */
  public static List<FashionSection.Experiment> all() {
    return List.of(linear(5), mlp(8));
  }

  static TrainingOptions options(int epochs, Progress progress) {
    return TrainingOptions.of(Loss.CROSS_ENTROPY)
        .optimizer(Optimizer.adam(1e-3))
        .batchSize(64)
        .epochs(epochs)
        .seed(42)
        .progress(
            report -> progress.done(100L * report.epoch() / epochs)); // the section counts to 100
  }

  static FashionSection.Experiment linear(int epochs) {
    return new FashionSection.Experiment() {
      @Override
      public String model() {
        return "linear 784 -> 10 softmax, " + epochs + " epochs";
      }

      @Override
      public double testAccuracy(FashionMnist data, Progress progress) {
        SomaFashionLinear model =
            new SomaFashionLinearTrainer(options(epochs, progress))
                .fit(data.trainImages(), data.trainLabels());
        return TrainFashionMnist.accuracy(model::classify, data);
      }
    };
  }

  static FashionSection.Experiment mlp(int epochs) {
    return new FashionSection.Experiment() {
      @Override
      public String model() {
        return "MLP 784 -> 256 relu -> 10 softmax, " + epochs + " epochs";
      }

      @Override
      public double testAccuracy(FashionMnist data, Progress progress) {
        SomaFashionMlp model =
            new SomaFashionMlpTrainer(options(epochs, progress))
                .fit(data.trainImages(), data.trainLabels());
        return TrainFashionMnist.accuracy(model::classify, data);
      }
    };
  }
}
