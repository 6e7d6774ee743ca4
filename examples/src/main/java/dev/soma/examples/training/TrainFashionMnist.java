package dev.soma.examples.training;

import dev.soma.examples.data.FashionMnist;
import dev.soma.train.EpochReport;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Trains {@link FashionLinear} and {@link FashionMlp} on Fashion-MNIST with the generated trainers
 * and prints one line per epoch and the test accuracy.
 *
 * <pre>{@code
 * java -cp examples/target/soma-examples.jar dev.soma.examples.training.TrainFashionMnist \
 *     [data directory] [epochs]
 * }</pre>
 *
 * The data directory defaults to {@code $SOMA_DATA} (or its {@code fashion-mnist} subdirectory),
 * then Debian's {@code /usr/share/datasets/fashion-mnist}.
 */
public final class TrainFashionMnist {
  private TrainFashionMnist() {}

  public static void main(String[] args) throws IOException {
    Optional<Path> directory =
        args.length > 0 && !args[0].isEmpty()
            ? FashionMnist.find(List.of(Path.of(args[0])))
            : FashionMnist.find(System.getenv("SOMA_DATA"));
    if (directory.isEmpty()) {
      System.err.println(FashionMnist.HOW_TO_GET);
      System.exit(2);
      return;
    }
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    FashionMnist data = FashionMnist.load(directory.get());
    System.out.printf(
        Locale.ROOT,
        "Fashion-MNIST from %s: %d training, %d test images%n",
        directory.get(),
        data.trainImages().length,
        data.testImages().length);

    TrainingOptions options =
        TrainingOptions.of(Loss.CROSS_ENTROPY)
            .optimizer(Optimizer.adam(1e-3))
            .batchSize(64)
            .epochs(epochs)
            .seed(42)
            .progress(report -> System.out.println("  " + report));

    System.out.println("linear 784-10 softmax:");
    SomaFashionLinearTrainer linear = new SomaFashionLinearTrainer(options);
    SomaFashionLinear linearModel =
        linear.fit(data.trainImages(), data.trainLabels(), data.testImages(), data.testLabels());
    System.out.printf(
        Locale.ROOT, "  test accuracy %.2f %%%n", 100 * accuracy(linearModel::classify, data));

    System.out.println("MLP 784-256 relu-10 softmax:");
    SomaFashionMlpTrainer mlp = new SomaFashionMlpTrainer(options);
    SomaFashionMlp mlpModel =
        mlp.fit(data.trainImages(), data.trainLabels(), data.testImages(), data.testLabels());
    System.out.printf(
        Locale.ROOT, "  test accuracy %.2f %%%n", 100 * accuracy(mlpModel::classify, data));
    double seconds =
        mlp.history().stream().mapToDouble(EpochReport::seconds).average().orElse(Double.NaN);
    double rate = data.trainImages().length / seconds;
    System.out.printf(
        Locale.ROOT,
        "  %.2f s per epoch, %,.0f examples/s, %.1f GFLOP/s (%,d FLOPs per example, zero inputs"
            + " counted)%n",
        seconds,
        rate,
        SomaFashionMlpTrainer.FLOPS * rate / 1e9,
        SomaFashionMlpTrainer.FLOPS);
  }

  /** The share of the test images {@code classifier} labels right. */
  static double accuracy(ToIntFunction<float[]> classifier, FashionMnist data) {
    int correct = 0;
    for (int k = 0; k < data.testImages().length; k++) {
      correct += classifier.applyAsInt(data.testImages()[k]) == data.testLabels()[k] ? 1 : 0;
    }
    return (double) correct / data.testImages().length;
  }
}
