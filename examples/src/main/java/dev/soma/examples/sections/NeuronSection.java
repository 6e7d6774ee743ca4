package dev.soma.examples.sections;

import dev.soma.Soma;
import dev.soma.examples.Section;
import dev.soma.examples.networks.LinearLayer;
import dev.soma.examples.networks.SomaLinearLayer;
import dev.soma.examples.output.Report;
import java.util.Locale;

/**
 * Section 1: the artificial neuron and the linear layer. Each neuron computes a weighted sum of its
 * inputs plus a bias; a layer of neurons is {@code z = W x + b}. The lecture's worked example, step
 * by step, and the same numbers from the generated {@code SomaLinearLayer}.
 */
public final class NeuronSection implements Section {
  /** The worked example's input. */
  static final double[] X = {2, 5, 1};

  /** The worked example: input, weights (one row per neuron), biases and the layer's output. */
  public record WorkedExample(double[] x, double[][] weights, double[] biases, double[] z) {}

  @Override
  public String name() {
    return "neuron";
  }

  @Override
  public String title() {
    return "1. The artificial neuron and the linear layer";
  }

  /** Runs the generated layer on {@code x = (2, 5, 1)}. */
  public static WorkedExample workedExample() {
    SomaLinearLayer layer = (SomaLinearLayer) Soma.create(LinearLayer.class);
    double[] flat = layer.weights()[0];
    int in = SomaLinearLayer.INPUTS;
    double[][] w = new double[SomaLinearLayer.OUTPUTS][in];
    for (int i = 0; i < w.length; i++) {
      System.arraycopy(flat, i * in, w[i], 0, in);
    }
    return new WorkedExample(X.clone(), w, layer.biases()[0], layer.apply(X.clone()));
  }

  @Override
  public void run(Report report) {
    WorkedExample example = workedExample();
    report.line(
        "A neuron multiplies each input by a weight, sums, and adds a bias: z = w . x + b.");
    report.line("A layer is several neurons reading the same inputs: z = W x + b.");
    report.printf("x = %s", vector(example.x()));
    for (int i = 0; i < example.z().length; i++) {
      double[] w = example.weights()[i];
      StringBuilder products = new StringBuilder();
      StringBuilder values = new StringBuilder();
      double sum = 0;
      for (int j = 0; j < w.length; j++) {
        String sep = j == 0 ? "" : " + ";
        products.append(sep).append(num(w[j])).append(" * ").append(num(example.x()[j]));
        values.append(sep).append(num(w[j] * example.x()[j]));
        sum += w[j] * example.x()[j];
      }
      double b = example.biases()[i];
      report.printf("neuron %d: z%d = %s + (%s)", i + 1, i + 1, products, num(b));
      report.printf("             = %s + (%s)", values, num(b));
      report.printf("             = %s + (%s) = %s", num(sum), num(b), num(sum + b));
    }
    report.printf(
        "SomaLinearLayer.apply(x) = %s   (weights baked in at compile time)", vector(example.z()));
  }

  static String num(double value) {
    String text = String.format(Locale.ROOT, "%.4f", value);
    text = text.replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }

  static String vector(double[] v) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      text.append(i == 0 ? "" : ", ").append(num(v[i]));
    }
    return text.append(")").toString();
  }
}
