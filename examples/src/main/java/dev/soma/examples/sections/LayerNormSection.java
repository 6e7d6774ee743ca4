package dev.soma.examples.sections;

import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.LayerNorm;
import dev.soma.Network;
import dev.soma.examples.Section;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import dev.soma.train.EpochReport;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;

/**
 * Section 10: why LayerNorm helps. Inputs in raw units (hundreds, not ones) drive a deep tanh
 * network's first pre-activations far into tanh's flat tails, where its derivative is nearly zero,
 * so gradient descent hardly changes the first layer. The same network with {@code @LayerNorm}
 * before each tanh normalises every layer's pre-activations to mean 0 and variance 1 per example,
 * whatever the input scale. Trained with the same SGD, seed and data, it reaches a several times
 * lower error at small and moderate learning rates; at a large one it is the one that diverges.
 */
public final class LayerNormSection implements Section {
  /** The input scale: features in [-SCALE, SCALE], as raw measurements often are. */
  static final double SCALE = 100;

  static final int EXAMPLES = 512;
  static final int EPOCHS = 40;
  /** The learning rate of the plotted curves. */
  static final double LEARNING_RATE = 0.01;

  /** The learning rates compared. */
  static final double[] LEARNING_RATES = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3};

  /** Four tanh layers of 24, on four raw inputs. */
  @Network(trainable = true)
  @Dense(in = 4, out = 24, activation = TANH)
  @Dense(in = 24, out = 24, activation = TANH)
  @Dense(in = 24, out = 24, activation = TANH)
  @Dense(in = 24, out = 24, activation = TANH)
  @Dense(in = 24, out = 1)
  public interface Plain {
    float predict(float a, float b, float c, float d);
  }

  /** The same, with a LayerNorm between each dense layer and its tanh. */
  @Network(trainable = true)
  @Dense(in = 4, out = 24) @LayerNorm @Activation(TANH)
  @Dense(in = 24, out = 24) @LayerNorm @Activation(TANH)
  @Dense(in = 24, out = 24) @LayerNorm @Activation(TANH)
  @Dense(in = 24, out = 24) @LayerNorm @Activation(TANH)
  @Dense(in = 24, out = 1)
  public interface Normalised {
    float predict(float a, float b, float c, float d);
  }

  /** The mean squared training error after each epoch, of both networks. */
  public record Curves(double[] plain, double[] normalised) {}

  @Override
  public String name() {
    return "layernorm";
  }

  @Override
  public String title() {
    return "10. LayerNorm keeps a deep network trainable";
  }

  /** The target, a smooth function of the unscaled inputs: sin(pi u0) u1 + u2 u3, u = x / SCALE. */
  static double target(float[] x) {
    return Math.sin(Math.PI * x[0] / SCALE) * x[1] / SCALE + x[2] / SCALE * x[3] / SCALE;
  }

  /** Both networks trained on the same data with the same options. */
  public static Curves train() {
    return train(LEARNING_RATE);
  }

  /** Both networks trained on the same data with SGD at {@code learningRate}. */
  public static Curves train(double learningRate) {
    SplittableRandom random = new SplittableRandom(2026);
    float[][] x = new float[EXAMPLES][4];
    float[][] t = new float[EXAMPLES][1];
    for (int k = 0; k < EXAMPLES; k++) {
      for (int j = 0; j < 4; j++) {
        x[k][j] = (float) random.nextDouble(-SCALE, SCALE);
      }
      t[k][0] = (float) target(x[k]);
    }
    List<Double> plain = new ArrayList<>();
    List<Double> normalised = new ArrayList<>();
    new SomaLayerNormSection_PlainTrainer(options(plain, learningRate)).fit(x, t);
    new SomaLayerNormSection_NormalisedTrainer(options(normalised, learningRate)).fit(x, t);
    return new Curves(
        plain.stream().mapToDouble(Double::doubleValue).toArray(),
        normalised.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static TrainingOptions options(List<Double> losses, double learningRate) {
    return TrainingOptions.of(Loss.MSE)
        .optimizer(Optimizer.sgd(learningRate))
        .epochs(EPOCHS)
        .seed(7)
        .progress((EpochReport report) -> losses.add(report.loss()));
  }

  /** The last epoch's error, or "diverged" when training stopped on a non-finite loss. */
  static String last(double[] curve) {
    double value = curve[curve.length - 1];
    return curve.length == EPOCHS && Double.isFinite(value) ? Table.sci(value) : "diverged";
  }

  @Override
  public void run(Report report) {
    report.printf(
        "Target sin(pi u0) u1 + u2 u3 of u = x / %.0f, on %d examples with x in [-%.0f, %.0f]^4.",
        SCALE, EXAMPLES, SCALE, SCALE);
    report.line("Both: 4 -> 24 -> 24 -> 24 -> 24 tanh -> 1, plain SGD, batch 32, the same seed;");
    report.line("the second with @LayerNorm between each @Dense and its tanh.");
    Table table = new Table("learning rate", "plain MSE", "with LayerNorm MSE", "after epochs");
    Curves plotted = null;
    for (double learningRate : LEARNING_RATES) {
      Curves curves = train(learningRate);
      table.row(learningRate, last(curves.plain()), last(curves.normalised()), EPOCHS);
      if (learningRate == LEARNING_RATE) {
        plotted = curves;
      }
    }
    report.table(table);
    report.line("Without LayerNorm the first layer's pre-activations are 100 times those of inputs in [-1, 1]:");
    report.line("most tanh units sit at +-1 with a vanishing slope and the first layer hardly learns.");
    report.line("LayerNorm removes the scale; it is no cure-all: at learning rate 0.3 it diverges.");
    double[] epochs = Charts.range(1, EPOCHS, EPOCHS);
    XYChart chart = Charts.xy("A deep tanh network on raw-scale inputs", "epoch", "training MSE");
    Charts.logY(chart);
    Charts.line(chart, "plain", epochs, plotted.plain());
    Charts.line(chart, "with @LayerNorm", epochs, plotted.normalised());
    report.plot(
        chart,
        "layernorm-training.png",
        "Training error per epoch at learning rate " + LEARNING_RATE + ", with and without LayerNorm");
  }
}
