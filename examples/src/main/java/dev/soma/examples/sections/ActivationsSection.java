package dev.soma.examples.sections;

import static dev.soma.Activation.Kind.GELU;
import static dev.soma.Activation.Kind.GELU_TANH;
import static dev.soma.Activation.Kind.LEAKY_RELU;
import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.STEP;
import static dev.soma.Activation.Kind.SWISH;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Activation;
import dev.soma.examples.Section;
import dev.soma.examples.networks.Gallery;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import dev.soma.runtime.Activations;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Section 3: the activation gallery. Each function computed by a generated one-neuron network
 * ({@link Gallery}), its derivative by {@link Activations}; the vanishing gradient of sigmoid and
 * tanh at large |z|; which activation suits which output layer.
 */
public final class ActivationsSection implements Section {
  /** The activations shown, in the lecture's order. */
  public static final List<Activation.Kind> KINDS =
      List.of(STEP, SIGMOID, TANH, RELU, LEAKY_RELU, SWISH, GELU, GELU_TANH);

  /** The bounded, saturating activations. */
  static final List<Activation.Kind> CLASSIC = List.of(STEP, SIGMOID, TANH);

  /** ReLU and its relatives. */
  static final List<Activation.Kind> MODERN = List.of(RELU, LEAKY_RELU, SWISH, GELU, GELU_TANH);

  /** Inputs of the value table. */
  static final double[] TABLE_Z = {-4, -1, -0.5, 0, 0.5, 1, 4};

  /** Inputs of the derivative table: the gradient vanishing as |z| grows. */
  static final double[] GRADIENT_Z = {0, 2, 5, 10, 20};

  @Override
  public String name() {
    return "activations";
  }

  @Override
  public String title() {
    return "3. Activation gallery";
  }

  /** The activation's value by the runtime's function (the reference for the generated neuron). */
  public static double value(Activation.Kind kind, double z) {
    return switch (kind) {
      case STEP -> Activations.step(z);
      case SIGMOID -> Activations.sigmoid(z);
      case TANH -> Activations.tanh(z);
      case RELU -> Activations.relu(z);
      case LEAKY_RELU -> Activations.leakyRelu(z, Gallery.LEAKY_ALPHA);
      case SWISH -> Activations.swish(z);
      case GELU -> Activations.gelu(z);
      case GELU_TANH -> Activations.geluTanh(z);
      default -> throw new IllegalArgumentException("not in the gallery: " + kind);
    };
  }

  /** The activation's derivative. */
  public static double derivative(Activation.Kind kind, double z) {
    return switch (kind) {
      case STEP -> Activations.stepDerivative(z);
      case SIGMOID -> Activations.sigmoidDerivative(z);
      case TANH -> Activations.tanhDerivative(z);
      case RELU -> Activations.reluDerivative(z);
      case LEAKY_RELU -> Activations.leakyReluDerivative(z, Gallery.LEAKY_ALPHA);
      case SWISH -> Activations.swishDerivative(z);
      case GELU -> Activations.geluDerivative(z);
      case GELU_TANH -> Activations.geluTanhDerivative(z);
      default -> throw new IllegalArgumentException("not in the gallery: " + kind);
    };
  }

  /** The largest difference between the generated neuron and the runtime function on [-8, 8]. */
  public static double neuronDeviation(Activation.Kind kind) {
    Gallery.Neuron neuron = Gallery.neuron(kind);
    double max = 0;
    for (double z : Charts.range(-8, 8, 1601)) {
      max = Math.max(max, Math.abs(neuron.at(z) - value(kind, z)));
    }
    return max;
  }

  /** The largest gradient factor one sigmoid layer can pass back (at z = 0), to the power depth. */
  public static double sigmoidChainBound(int depth) {
    return Math.pow(derivative(SIGMOID, 0), depth);
  }

  @Override
  public void run(Report report) {
    report.line("Values, each computed by a generated one-neuron network (weight 1, bias 0):");
    String[] header = new String[TABLE_Z.length + 1];
    header[0] = "activation";
    for (int i = 0; i < TABLE_Z.length; i++) {
      header[i + 1] = "z = " + NeuronSection.num(TABLE_Z[i]);
    }
    Table values = new Table(header);
    for (Activation.Kind kind : KINDS) {
      Gallery.Neuron neuron = Gallery.neuron(kind);
      Object[] row = new Object[TABLE_Z.length + 1];
      row[0] = label(kind);
      for (int i = 0; i < TABLE_Z.length; i++) {
        row[i + 1] = Table.fixed(neuron.at(TABLE_Z[i]), 4);
      }
      values.row(row);
    }
    report.table(values);
    double worst = KINDS.stream().mapToDouble(ActivationsSection::neuronDeviation).max().orElse(0);
    report.printf(
        "Generated neurons against dev.soma.runtime.Activations on [-8, 8]: max difference %.1e",
        worst);
    report.blank();
    report.line("Derivatives: back-propagation multiplies by f'(z) at every layer.");
    String[] gradientHeader = new String[GRADIENT_Z.length + 1];
    gradientHeader[0] = "f'(z)";
    for (int i = 0; i < GRADIENT_Z.length; i++) {
      gradientHeader[i + 1] = "z = " + NeuronSection.num(GRADIENT_Z[i]);
    }
    Table gradients = new Table(gradientHeader);
    for (Activation.Kind kind : KINDS) {
      Object[] row = new Object[GRADIENT_Z.length + 1];
      row[0] = label(kind);
      for (int i = 0; i < GRADIENT_Z.length; i++) {
        row[i + 1] = Table.sci(derivative(kind, GRADIENT_Z[i]));
      }
      gradients.row(row);
    }
    report.table(gradients);
    report.line("Sigmoid and tanh saturate: at |z| = 10 their slope is 5e-5 and 8e-9, so the");
    report.printf(
        "gradient vanishes. Even at best (z = 0) ten sigmoid layers scale it by 0.25^10 = %.1e.",
        sigmoidChainBound(10));
    report.line(
        "ReLU passes 1 for every z > 0 (but 0 below: 'dead' neurons; leaky ReLU keeps alpha).");
    report.line(
        "STEP's derivative is 0 everywhere (except at 0): gradient descent cannot train it.");
    report.blank();
    report.line("Which activation for the output layer:");
    report.table(
        new Table("task", "output activation", "loss")
            .row(
                "binary classification", "SIGMOID (one unit: p of class 1)", "binary cross-entropy")
            .row("multi-class, one label", "SOFTMAX (one unit per class)", "cross-entropy")
            .row("regression", "IDENTITY (no activation)", "mean squared error")
            .row("hidden layers", "RELU, LEAKY_RELU, GELU, SWISH", "-"));
    report.plot(
        chart("Classic activations", "f(z)", CLASSIC, false, -1.2, 1.2),
        "activations-classic.png",
        "STEP, SIGMOID, TANH: bounded, saturating");
    report.plot(
        chart("Classic activations: derivatives", "f'(z)", CLASSIC, true, -0.05, 1.1),
        "activations-classic-derivatives.png",
        "Derivatives of SIGMOID and TANH vanish at large |z|; STEP's is 0 (an impulse at 0)");
    report.plot(
        chart("Modern activations", "f(z)", MODERN, false, -1, 4),
        "activations-modern.png",
        "RELU and its smooth relatives; GELU_TANH lies on GELU");
    report.plot(
        chart("Modern activations: derivatives", "f'(z)", MODERN, true, -0.2, 1.2),
        "activations-modern-derivatives.png",
        "Derivatives of the modern activations stay near 1 for large positive z");
  }

  private static String label(Activation.Kind kind) {
    return kind == LEAKY_RELU ? "LEAKY_RELU (alpha " + Gallery.LEAKY_ALPHA + ")" : kind.name();
  }

  private static XYChart chart(
      String title,
      String yLabel,
      List<Activation.Kind> kinds,
      boolean derivative,
      double yMin,
      double yMax) {
    XYChart chart = Charts.xy(title, "z", yLabel);
    chart.getStyler().setYAxisMin(yMin);
    chart.getStyler().setYAxisMax(yMax);
    double[] z = Charts.range(-6, 6, 1201);
    for (Activation.Kind kind : kinds) {
      Gallery.Neuron neuron = Gallery.neuron(kind);
      double[] y = derivative ? Charts.map(z, v -> derivative(kind, v)) : Charts.map(z, neuron::at);
      if (kind == GELU_TANH) {
        Charts.dashed(chart, label(kind) + ", dashed", z, y);
      } else {
        Charts.line(chart, label(kind), z, y);
      }
    }
    return chart;
  }
}
