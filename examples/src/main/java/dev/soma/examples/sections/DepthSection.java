package dev.soma.examples.sections;

import static dev.soma.Activation.Kind.RELU;

import dev.soma.Soma;
import dev.soma.examples.Section;
import dev.soma.examples.networks.Sawtooth;
import dev.soma.examples.networks.ShallowNets;
import dev.soma.examples.networks.SomaSawtooth;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Section 6: depth versus width. The tent map composed k times is a sawtooth with 2^k linear
 * pieces. A deep network with k hidden layers of two ReLUs computes it exactly with 6k + 1
 * parameters; a one-hidden-layer ReLU network has at most N + 1 pieces with N neurons, so it needs
 * at least 2^k - 1 neurons: exponentially many.
 */
public final class DepthSection implements Section {
  /** Points on which the error is measured: multiples of 1/1024 and points between them. */
  static final int GRID = 4097;

  /** One network's size and error on the sawtooth. */
  public record Row(String network, int hiddenLayers, long parameters, double maxError) {}

  @Override
  public String name() {
    return "depth";
  }

  @Override
  public String title() {
    return "6. Depth versus width";
  }

  /** The k-fold tent map, computed independently of any network: {@code T(frac(2^(k-1) x))}. */
  public static double sawtooth(int folds, double x) {
    double scaled = Math.scalb(x, folds - 1);
    double fraction = scaled - Math.floor(scaled);
    return 2 * Math.min(fraction, 1 - fraction);
  }

  /** The deep network and every shallow width against the sawtooth. */
  public static List<Row> compare() {
    List<Row> rows = new ArrayList<>();
    Sawtooth deep = Soma.create(Sawtooth.class);
    rows.add(
        new Row(
            "deep, 2 ReLUs per layer",
            SomaSawtooth.LAYERS - 1,
            SomaSawtooth.PARAMETERS,
            maxError(deep::at)));
    for (int width : ShallowNets.WIDTHS) {
      ShallowNets.Scalar net = shallow(width);
      rows.add(new Row("shallow, " + width + " ReLUs", 1, 3L * width + 1, maxError(net::at)));
    }
    return rows;
  }

  private static ShallowNets.Scalar shallow(int width) {
    return ShallowConstruction.network(RELU, width, x -> sawtooth(Sawtooth.FOLDS, x), 0, 1);
  }

  private static double maxError(java.util.function.DoubleUnaryOperator net) {
    double max = 0;
    for (int i = 0; i < GRID; i++) {
      double x = (double) i / (GRID - 1);
      max = Math.max(max, Math.abs(net.applyAsDouble(x) - sawtooth(Sawtooth.FOLDS, x)));
    }
    return max;
  }

  @Override
  public void run(Report report) {
    int k = Sawtooth.FOLDS;
    report.printf(
        "The tent map T(x) = 2 min(x, 1 - x) composed %d times: %d teeth, %d linear pieces.",
        k, 1 << (k - 1), 1 << k);
    report.line(
        "Deep: each layer of two ReLUs folds the interval once (weights in the annotations).");
    report.line("Shallow: one hidden layer interpolating the sawtooth at N evenly spaced knots.");
    List<Row> rows = compare();
    Table table = new Table("network", "hidden layers", "parameters", "max error");
    for (Row row : rows) {
      table.row(row.network(), row.hiddenLayers(), row.parameters(), Table.sci(row.maxError()));
    }
    report.table(table);
    report.line(
        "Knots every 1/4 or 1/16 fall on the sawtooth's zeros, so those interpolants are 0");
    report.line(
        "everywhere; no net with fewer than 63 hidden ReLUs can be exact (too few pieces).");
    report.blank();
    report.line("How the sizes grow with the number of folds k (counted from the construction):");
    Table growth =
        new Table(
            "folds k",
            "pieces 2^k",
            "deep parameters 6k+1",
            "shallow neurons >= 2^k-1",
            "shallow parameters");
    for (int folds = 2; folds <= 12; folds += 2) {
      long neurons = (1L << folds) - 1;
      growth.row(folds, 1L << folds, 6 * folds + 1, neurons, 3 * neurons + 1);
    }
    report.table(growth);
    report.plot(
        chart(),
        "depth-sawtooth.png",
        "The "
            + k
            + "-fold sawtooth: deep ReLU net ("
            + SomaSawtooth.PARAMETERS
            + " parameters) against shallow nets of 16 and 64 neurons, on [0, 0.25]");
  }

  private static XYChart chart() {
    XYChart chart =
        Charts.xy(
            "Deep and narrow against shallow and wide",
            "x (first quarter of [0, 1])",
            "T^" + Sawtooth.FOLDS + "(x)");
    chart.getStyler().setYAxisMin(-0.05);
    chart.getStyler().setYAxisMax(1.1);
    double[] x = Charts.range(0, 0.25, 1025);
    Sawtooth deep = Soma.create(Sawtooth.class);
    Charts.line(
            chart, "deep (" + SomaSawtooth.PARAMETERS + " parameters)", x, Charts.map(x, deep::at))
        .setLineStyle(new BasicStroke(6f));
    for (int width : List.of(16, 64)) {
      ShallowNets.Scalar net = shallow(width);
      Charts.dashed(
          chart,
          "shallow, " + width + " ReLUs (" + (3 * width + 1) + " parameters)",
          x,
          Charts.map(x, net::at));
    }
    return chart;
  }
}
