package dev.soma.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.train.Loss;
import dev.soma.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated backward pass against numerical differentiation: for random small double networks,
 * every weight's and bias's analytic gradient of the mean loss matches a central finite difference
 * of a loss the test computes itself, from the generated forward pass, to a relative error below
 * 1e-6.
 */
class GradientCheckTest {
  /** Step of the five-point central difference; its truncation error is O(h^4). */
  private static final double H = 1e-4;

  /** Below this magnitude a gradient is compared absolutely: both must be within ABSOLUTE. */
  private static final double TINY = 1e-7;

  private static final double ABSOLUTE = 1e-12;
  private static final int BATCH = 5;

  /** A generated network type, seen through functions. */
  interface Subject {
    /** The forward pass of a network with these weights and biases. */
    Function<double[], double[]> model(double[][] weights, double[][] biases);

    /** {weightGradients, biasGradients} from the generated trainer. */
    double[][][] gradients(
        double[][] weights, double[][] biases, Loss loss, double[][] x, double[][] t);

    /** Seeded random weights in the generated layout. */
    double[][] randomWeights(long seed);

    /** The biases of the seeded random network: zeros of each layer's length. */
    double[][] randomBiases(long seed);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("SIGMOID", Loss.MSE, sigmoid()),
        Arguments.of("TANH", Loss.MSE, tanh()),
        Arguments.of("RELU", Loss.MSE, relu()),
        Arguments.of("LEAKY_RELU", Loss.MSE, leakyRelu()),
        Arguments.of("SWISH", Loss.MSE, swish()),
        Arguments.of("GELU", Loss.MSE, gelu()),
        Arguments.of("GELU_TANH", Loss.MSE, geluTanh()),
        Arguments.of("SOFTMAX hidden", Loss.MSE, softmaxHidden()),
        Arguments.of("SIGMOID output", Loss.MSE, sigmoidOutput()),
        Arguments.of("SIGMOID output", Loss.BINARY_CROSS_ENTROPY, sigmoidOutput()),
        Arguments.of("SOFTMAX output", Loss.MSE, softmaxOutput()),
        Arguments.of("SOFTMAX output", Loss.CROSS_ENTROPY, softmaxOutput()),
        Arguments.of(
            "linear hidden layer", Loss.MSE, subject(SomaGradientNetworks_LinearHidden.class)),
        Arguments.of(
            "activations in a row",
            Loss.MSE,
            subject(SomaGradientNetworks_ActivationsInARow.class)),
        Arguments.of(
            "activations in a row",
            Loss.CROSS_ENTROPY,
            subject(SomaGradientNetworks_ActivationsInARow.class)),
        Arguments.of("LayerNorm", Loss.MSE, layerNorm(SomaGradientNetworks_LayerNormed.class)),
        Arguments.of("LayerNorm output", Loss.MSE, layerNorm(SomaGradientNetworks_LayerNormOutput.class)),
        Arguments.of(
            "LayerNorm output", Loss.CROSS_ENTROPY, layerNorm(SomaGradientNetworks_LayerNormOutput.class)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("cases")
  void analyticGradientsMatchFiniteDifferences(String name, Loss loss, Subject subject) {
    for (long seed = 1; seed <= 3; seed++) {
      SplittableRandom random = new SplittableRandom(seed * 7919);
      double[][] weights = subject.randomWeights(seed);
      double[][] biases = new double[weights.length][];
      double[][] zeros = subject.randomBiases(seed);
      int outputs = zeros[zeros.length - 1].length;
      for (int l = 0; l < weights.length; l++) {
        biases[l] = uniform(random, zeros[l].length, 0.5);
      }
      double[][] x = new double[BATCH][];
      double[][] t = new double[BATCH][];
      for (int k = 0; k < BATCH; k++) {
        x[k] = uniform(random, inputs(weights, subject), 2);
        t[k] = target(random, loss, outputs);
      }
      double[][][] analytic = subject.gradients(weights, biases, loss, x, t);
      List<String> failures = new ArrayList<>();
      double worst = 0;
      for (int l = 0; l < weights.length; l++) {
        for (int k = 0; k < weights[l].length; k++) {
          double numeric = derivative(subject, weights, biases, loss, x, t, weights[l], k);
          worst =
              Math.max(
                  worst, check(analytic[0][l][k], numeric, "w[" + l + "][" + k + "]", failures));
        }
        for (int k = 0; k < biases[l].length; k++) {
          double numeric = derivative(subject, weights, biases, loss, x, t, biases[l], k);
          worst =
              Math.max(
                  worst, check(analytic[1][l][k], numeric, "b[" + l + "][" + k + "]", failures));
        }
      }
      assertTrue(failures.isEmpty(), name + " " + loss + " seed " + seed + ": " + failures);
      assertTrue(worst < 1e-6, "worst relative error " + worst);
    }
  }

  /** The relative error of one gradient, recording a failure. */
  private static double check(double analytic, double numeric, String what, List<String> failures) {
    double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
    if (scale < TINY) {
      if (Math.abs(analytic - numeric) > ABSOLUTE) {
        failures.add(what + ": analytic " + analytic + ", numeric " + numeric);
      }
      return 0;
    }
    double relative = Math.abs(analytic - numeric) / scale;
    if (!(relative < 1e-6)) {
      failures.add(
          what
              + ": analytic "
              + analytic
              + ", numeric "
              + numeric
              + ", relative error "
              + relative);
    }
    return relative;
  }

  /** d(mean loss)/d(values[k]) by the five-point central difference. */
  private static double derivative(
      Subject subject,
      double[][] weights,
      double[][] biases,
      Loss loss,
      double[][] x,
      double[][] t,
      double[] values,
      int k) {
    double original = values[k];
    double[] f = new double[4];
    double[] offsets = {2 * H, H, -H, -2 * H};
    for (int s = 0; s < 4; s++) {
      values[k] = original + offsets[s];
      f[s] = meanLoss(subject.model(weights, biases), loss, x, t);
    }
    values[k] = original;
    return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * H);
  }

  /** The loss by its textbook definition, from the network's outputs. */
  static double meanLoss(
      Function<double[], double[]> model, Loss loss, double[][] x, double[][] t) {
    double total = 0;
    for (int k = 0; k < x.length; k++) {
      double[] y = model.apply(x[k]);
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        switch (loss) {
          case MSE:
            sum += (y[i] - t[k][i]) * (y[i] - t[k][i]) / y.length;
            break;
          case BINARY_CROSS_ENTROPY:
            sum -= (t[k][i] * Math.log(y[i]) + (1 - t[k][i]) * Math.log(1 - y[i])) / y.length;
            break;
          default:
            sum -= t[k][i] * Math.log(y[i]);
            break;
        }
      }
      total += sum;
    }
    return total / x.length;
  }

  private static double[] target(SplittableRandom random, Loss loss, int outputs) {
    double[] t = new double[outputs];
    double sum = 0;
    for (int i = 0; i < outputs; i++) {
      t[i] = random.nextDouble();
      sum += t[i];
    }
    if (loss == Loss.CROSS_ENTROPY) {
      for (int i = 0; i < outputs; i++) {
        t[i] /= sum; // a soft target: a probability distribution, not only one-hot
      }
    }
    return t;
  }

  private static double[] uniform(SplittableRandom random, int length, double bound) {
    double[] values = new double[length];
    for (int k = 0; k < length; k++) {
      values[k] = random.nextDouble(-bound, bound);
    }
    return values;
  }

  private static int inputs(double[][] weights, Subject subject) {
    return 3; // every gradient network reads three inputs
  }

  // The generated classes differ only in their names, so one reflective adapter serves them all.

  static Subject sigmoid() {
    return subject(SomaGradientNetworks_Sigmoid.class);
  }

  static Subject tanh() {
    return subject(SomaGradientNetworks_Tanh.class);
  }

  static Subject relu() {
    return subject(SomaGradientNetworks_Relu.class);
  }

  static Subject leakyRelu() {
    return subject(SomaGradientNetworks_LeakyRelu.class);
  }

  static Subject swish() {
    return subject(SomaGradientNetworks_Swish.class);
  }

  static Subject gelu() {
    return subject(SomaGradientNetworks_Gelu.class);
  }

  static Subject geluTanh() {
    return subject(SomaGradientNetworks_GeluTanh.class);
  }

  static Subject softmaxHidden() {
    return subject(SomaGradientNetworks_SoftmaxHidden.class);
  }

  static Subject sigmoidOutput() {
    return subject(SomaGradientNetworks_SigmoidOutput.class);
  }

  static Subject softmaxOutput() {
    return subject(SomaGradientNetworks_SoftmaxOutput.class);
  }

  /**
   * Like {@link #subject}, with every weight scaled by a random factor in [0.5, 1.5]: a LayerNorm's
   * gamma starts at exactly 1, where a gradient that forgot gamma would still pass.
   */
  static Subject layerNorm(Class<?> generated) {
    Subject plain = subject(generated);
    return new Subject() {
      @Override
      public Function<double[], double[]> model(double[][] w, double[][] b) {
        return plain.model(w, b);
      }

      @Override
      public double[][][] gradients(double[][] w, double[][] b, Loss loss, double[][] x, double[][] t) {
        return plain.gradients(w, b, loss, x, t);
      }

      @Override
      public double[][] randomWeights(long seed) {
        double[][] weights = plain.randomWeights(seed);
        SplittableRandom random = new SplittableRandom(seed + 101);
        for (double[] layer : weights) {
          for (int k = 0; k < layer.length; k++) {
            layer[k] *= random.nextDouble(0.5, 1.5);
          }
        }
        return weights;
      }

      @Override
      public double[][] randomBiases(long seed) {
        return plain.randomBiases(seed);
      }
    };
  }

  /** A generated class with {@code double[] predict(double[])}, seen through its public API. */
  static Subject subject(Class<?> generated) {
    return new Subject() {
      @Override
      public Function<double[], double[]> model(double[][] w, double[][] b) {
        Object model = create(w, b);
        return x -> (double[]) call(model, "predict", new Class<?>[] {double[].class}, x);
      }

      @Override
      public double[][][] gradients(
          double[][] w, double[][] b, Loss loss, double[][] x, double[][] t) {
        Object trainer = trainer(TrainingOptions.of(loss), create(w, b));
        double mean =
            (double)
                call(
                    trainer,
                    "computeGradients",
                    new Class<?>[] {double[][].class, double[][].class},
                    x,
                    t);
        assertEquals(meanLoss(model(w, b), loss, x, t), mean, 1e-12, "the trainer's loss");
        return new double[][][] {
          (double[][]) call(trainer, "weightGradients", new Class<?>[0]),
          (double[][]) call(trainer, "biasGradients", new Class<?>[0])
        };
      }

      @Override
      public double[][] randomWeights(long seed) {
        Object model = call(null, "random", new Class<?>[] {long.class}, seed);
        return (double[][]) call(model, "weights", new Class<?>[0]);
      }

      @Override
      public double[][] randomBiases(long seed) {
        Object model = call(null, "random", new Class<?>[] {long.class}, seed);
        return (double[][]) call(model, "biases", new Class<?>[0]);
      }

      /** {@code new Soma<Name>Trainer(options, start)}, the class generated beside {@code generated}. */
      private Object trainer(TrainingOptions options, Object start) {
        try {
          return Class.forName(generated.getName() + "Trainer")
              .getConstructor(TrainingOptions.class, generated)
              .newInstance(options, start);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }

      private Object create(double[][] w, double[][] b) {
        try {
          return generated.getConstructor(double[][].class, double[][].class).newInstance(w, b);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }

      private Object call(Object target, String method, Class<?>[] types, Object... arguments) {
        try {
          Class<?> type = target == null ? generated : target.getClass();
          return type.getMethod(method, types).invoke(target, arguments);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    };
  }
}
