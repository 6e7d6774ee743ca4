package dev.soma.examples.training;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SOFTMAX;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Storage;
import dev.soma.StorageComparison;
import dev.soma.examples.data.FashionMnist;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Smaller weights on a real task: {@link FashionMlp} trained in float by its generated trainer,
 * then its weights given to the same network declared with {@code storage = INT8}, BF16 and F16
 * (the constructor quantizes with the code that bakes weights). On Fashion-MNIST's 10,000 test
 * images, top-1 accuracy may drop by at most 0.5 points. Skipped when the data is missing.
 */
class FashionStorageTest {
  @Network(storage = Storage.INT8)
  @Dense(in = 784, out = 256) @Activation(RELU)
  @Dense(in = 256, out = 10) @Activation(SOFTMAX)
  interface MlpInt8 { float[] probabilities(float[] image); int classify(float[] image); }

  @Network(storage = Storage.BF16)
  @Dense(in = 784, out = 256) @Activation(RELU)
  @Dense(in = 256, out = 10) @Activation(SOFTMAX)
  interface MlpBf16 { float[] probabilities(float[] image); int classify(float[] image); }

  @Network(storage = Storage.F16)
  @Dense(in = 784, out = 256) @Activation(RELU)
  @Dense(in = 256, out = 10) @Activation(SOFTMAX)
  interface MlpF16 { float[] probabilities(float[] image); int classify(float[] image); }

  /** The largest top-1 accuracy drop allowed, as a fraction. */
  private static final double MAX_DROP = 0.005;

  @Test
  void smallerStorageKeepsTheAccuracy() throws IOException {
    Optional<Path> directory = FashionMnist.find(System.getenv("SOMA_DATA"));
    Assumptions.assumeTrue(directory.isPresent(), FashionMnist.HOW_TO_GET);
    FashionMnist data = FashionMnist.load(directory.get());
    SomaFashionMlp f32 =
        new SomaFashionMlpTrainer(
                TrainingOptions.of(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam(1e-3)).batchSize(64).seed(42).epochs(2))
            .fit(data.trainImages(), data.trainLabels());
    double reference = TrainFashionMnist.accuracy(f32::classify, data);

    SomaFashionStorageTest_MlpInt8 int8 = new SomaFashionStorageTest_MlpInt8(f32.weights(), f32.biases());
    SomaFashionStorageTest_MlpBf16 bf16 = new SomaFashionStorageTest_MlpBf16(f32.weights(), f32.biases());
    SomaFashionStorageTest_MlpF16 f16 = new SomaFashionStorageTest_MlpF16(f32.weights(), f32.biases());
    double int8Accuracy = TrainFashionMnist.accuracy(int8::classify, data);
    double bf16Accuracy = TrainFashionMnist.accuracy(bf16::classify, data);
    double f16Accuracy = TrainFashionMnist.accuracy(f16::classify, data);
    StorageComparison comparison =
        StorageComparison.of(f32::probabilities, int8::probabilities, data.testImages());
    System.out.printf(
        "Fashion-MNIST top-1: F32 %.2f %%, INT8 %.2f %%, BF16 %.2f %%, F16 %.2f %%; INT8 against F32: %s%n",
        100 * reference, 100 * int8Accuracy, 100 * bf16Accuracy, 100 * f16Accuracy, comparison);

    assertTrue(reference > 0.84, "F32 accuracy " + reference);
    assertTrue(reference - int8Accuracy <= MAX_DROP, "INT8 " + int8Accuracy + " vs F32 " + reference);
    assertTrue(reference - bf16Accuracy <= MAX_DROP, "BF16 " + bf16Accuracy + " vs F32 " + reference);
    assertTrue(reference - f16Accuracy <= MAX_DROP, "F16 " + f16Accuracy + " vs F32 " + reference);
    assertTrue(comparison.argmaxAgreement() >= 0.98, comparison.toString());
    assertTrue(comparison.maxDifference() > 0, "INT8 changes the outputs: " + comparison);
  }
}
