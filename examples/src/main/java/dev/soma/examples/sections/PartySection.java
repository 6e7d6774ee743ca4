package dev.soma.examples.sections;

import dev.soma.examples.Section;
import dev.soma.examples.networks.PartyNeuron;
import dev.soma.examples.networks.SomaPartyDecider;
import dev.soma.examples.networks.SomaPartyNeuron;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Section 2: the party decision. One sigmoid neuron turns weather, venue and company (each 0 or 1)
 * into the probability of going to a party. The weights say how much each input matters; the bias
 * is eagerness: how likely one goes when nothing speaks for it.
 */
public final class PartySection implements Section {
  /** Importance of weather, venue and company. */
  static final double[] IMPORTANCE = {1.0, 2.0, 4.0};

  /** The eagerness values compared. */
  static final List<Double> EAGERNESS = List.of(-5.0, -3.0, -1.0);

  @Override
  public String name() {
    return "party";
  }

  @Override
  public String title() {
    return "2. The party decision";
  }

  /** The neuron with the given weights (weather, venue, company) and bias. */
  public static PartyNeuron neuron(double[] importance, double eagerness) {
    return new SomaPartyNeuron(new double[][] {importance.clone()}, new double[][] {{eagerness}});
  }

  /**
   * The probability of going for every input combination (index: weather*4 + venue*2 + company).
   */
  public static double[] probabilities(double[] importance, double eagerness) {
    PartyNeuron neuron = neuron(importance, eagerness);
    double[] p = new double[8];
    for (int i = 0; i < 8; i++) {
      p[i] = neuron.attend(i >> 2 & 1, i >> 1 & 1, i & 1);
    }
    return p;
  }

  /** The two-layer decider with the hand-set weights printed by {@link #run}. */
  public static SomaPartyDecider twoLayerDecider() {
    float[][] weights = {{1, 1, 0, 0, 0, 1}, {4, 4}};
    float[][] biases = {{-1, 0}, {-2}};
    return new SomaPartyDecider(weights, biases);
  }

  @Override
  public void run(Report report) {
    report.printf(
        "p(go) = sigmoid(%.0f weather + %.0f venue + %.0f company + eagerness)",
        IMPORTANCE[0], IMPORTANCE[1], IMPORTANCE[2]);
    report.line("Company matters most. Inputs: 1 = good, 0 = bad.");
    Table table = new Table("weather", "venue", "company", "eager -5", "eager -3", "eager -1");
    double[][] p = new double[EAGERNESS.size()][];
    for (int e = 0; e < p.length; e++) {
      p[e] = probabilities(IMPORTANCE, EAGERNESS.get(e));
    }
    for (int i = 0; i < 8; i++) {
      table.row(
          i >> 2 & 1,
          i >> 1 & 1,
          i & 1,
          Table.fixed(p[0][i], 3),
          Table.fixed(p[1][i], 3),
          Table.fixed(p[2][i], 3));
    }
    report.table(table);
    report.line("Raising the bias shifts every probability up; a larger weight widens the gap");
    report.line("between its input being good and bad.");
    SomaPartyDecider decider = twoLayerDecider();
    report.blank();
    report.printf(
        "Two layers (SomaPartyDecider: 3 -> 2 ReLU -> 1 sigmoid, float, %d parameters, %d FLOPs):",
        SomaPartyDecider.PARAMETERS, SomaPartyDecider.FLOPS);
    report.line("  hidden 1 'nice outside' = relu(weather + venue - 1): both must be good");
    report.line("  hidden 2 'friends'      = relu(company)");
    report.line("  p(go) = sigmoid(4 nice-outside + 4 friends - 2)");
    Table two = new Table("weather", "venue", "company", "p(go)");
    for (int i = 0; i < 8; i++) {
      two.row(
          i >> 2 & 1,
          i >> 1 & 1,
          i & 1,
          Table.fixed(decider.attend(i >> 2 & 1, i >> 1 & 1, i & 1), 3));
    }
    report.table(two);
    report.plot(chart(), "party.png", "Probability of going against eagerness (the bias)");
  }

  private static XYChart chart() {
    XYChart chart =
        Charts.xy(
            "The party neuron: eagerness shifts the decision",
            "eagerness (bias)",
            "probability of going");
    double[] bias = Charts.range(-9, 3, 241);
    String[] names = {"nothing good", "only good weather", "only good company", "everything good"};
    double[][] inputs = {{0, 0, 0}, {1, 0, 0}, {0, 0, 1}, {1, 1, 1}};
    for (int s = 0; s < names.length; s++) {
      double[] in = inputs[s];
      double[] p = Charts.map(bias, b -> neuron(IMPORTANCE, b).attend(in[0], in[1], in[2]));
      Charts.line(chart, names[s], bias, p);
    }
    return chart;
  }
}
