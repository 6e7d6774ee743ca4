package dev.soma.examples.sections;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.STEP;

import dev.soma.Activation;
import dev.soma.examples.Section;
import dev.soma.examples.networks.ShallowNets;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Section 5: universal approximation by steps. One hidden layer of N neurons, weights written down
 * without training ({@link ShallowConstruction}), approximates a 1-D function; the maximum error
 * falls with N at a rate set by the activation: O(1/N) for steps and steep sigmoids, O(1/N^2) for
 * ReLU (piecewise linear) on a smooth target.
 */
public final class ApproximationSection implements Section {
  /** The hidden activations compared. */
  static final List<Activation.Kind> KINDS = List.of(STEP, SIGMOID, RELU);

  /** Points on which the maximum error is measured. */
  static final int GRID = 10_001;

  /** The width drawn in the comparison plot. */
  static final int PLOTTED_WIDTH = 16;

  private final Target userTarget;

  /** The section with {@code userTarget} approximated next to sin. */
  public ApproximationSection(Target userTarget) {
    this.userTarget = userTarget;
  }

  /** The maximum error of one construction. */
  public record Row(Target target, Activation.Kind kind, int width, double maxError) {}

  @Override
  public String name() {
    return "approximation";
  }

  @Override
  public String title() {
    return "5. Universal approximation by steps";
  }

  /** The maximum error for every activation and width, approximating {@code target}. */
  public static List<Row> errors(Target target) {
    List<Row> rows = new ArrayList<>();
    for (Activation.Kind kind : KINDS) {
      for (int width : ShallowNets.WIDTHS) {
        ShallowNets.Scalar net =
            ShallowConstruction.network(kind, width, target::at, target.from(), target.to());
        double error =
            ShallowConstruction.maxError(net, target::at, target.from(), target.to(), GRID);
        rows.add(new Row(target, kind, width, error));
      }
    }
    return rows;
  }

  /**
   * The observed order {@code p} in {@code error ~ C / N^p} between the two largest widths, where
   * the error is closest to its asymptotic behaviour: {@code log(e(N1) / e(N2)) / log(N2 / N1)}.
   */
  public static double order(List<Row> rows, Activation.Kind kind) {
    List<Integer> widths = ShallowNets.WIDTHS;
    int n1 = widths.get(widths.size() - 2);
    int n2 = widths.get(widths.size() - 1);
    return Math.log(error(rows, kind, n1) / error(rows, kind, n2)) / Math.log((double) n2 / n1);
  }

  @Override
  public void run(Report report) {
    report.line(
        "A hidden layer of N neurons with weights written down, not trained: steps build a");
    report.line(
        "staircase, steep sigmoids a smoothed staircase, ReLUs a piecewise-linear interpolant.");
    List<Target> targets =
        userTarget == Target.SIN ? List.of(Target.SIN) : List.of(Target.SIN, userTarget);
    for (Target target : targets) {
      List<Row> rows = errors(target);
      report.blank();
      report.printf(
          "Target %s on [%.3f, %.3f], max error on %d points:",
          target.formula(), target.from(), target.to(), GRID);
      Table table = new Table("N", "STEP", "SIGMOID", "RELU");
      for (int width : ShallowNets.WIDTHS) {
        table.row(
            width,
            Table.sci(error(rows, STEP, width)),
            Table.sci(error(rows, SIGMOID, width)),
            Table.sci(error(rows, RELU, width)));
      }
      table.row(
          "order p, N = 64 -> 256",
          Table.fixed(order(rows, STEP), 2),
          Table.fixed(order(rows, SIGMOID), 2),
          Table.fixed(order(rows, RELU), 2));
      report.table(table);
      report.plot(
          shapeChart(target),
          "approximation-" + target.cliName() + ".png",
          "N = " + PLOTTED_WIDTH + " neurons approximating " + target.formula());
      report.plot(
          errorChart(target, rows),
          "approximation-" + target.cliName() + "-error.png",
          "Max error against N for " + target.formula() + " (log-log)");
    }
    report.blank();
    report.line(
        "Expected for a Lipschitz target: order 1 for steps and sigmoids (error ~ L h / 2,");
    report.line(
        "h = interval / N), order 2 for ReLU on a smooth target (error <= h^2 max|f''| / 8).");
    if (userTarget == Target.SQRT) {
      report.line("sqrt has an infinite slope at 0: not Lipschitz, so every construction converges");
      report.line("more slowly there (order 1/2: the first piece alone has error ~ sqrt(h)).");
    } else if (userTarget == Target.ABS) {
      report.line("|x - 0.3| has a kink: steps still give order 1; ReLU is exact wherever the kink");
      report.line("falls on a knot, and otherwise order 1 near the kink.");
    }
  }

  static double error(List<Row> rows, Activation.Kind kind, int width) {
    return rows.stream()
        .filter(r -> r.kind() == kind && r.width() == width)
        .findFirst()
        .orElseThrow()
        .maxError();
  }

  private static XYChart shapeChart(Target target) {
    XYChart chart =
        Charts.xy(PLOTTED_WIDTH + " neurons approximating " + target.formula(), "x", "y");
    double[] x = Charts.range(target.from(), target.to(), 1200);
    Charts.line(chart, "target " + target.formula(), x, Charts.map(x, target::at));
    for (Activation.Kind kind : KINDS) {
      ShallowNets.Scalar net =
          ShallowConstruction.network(kind, PLOTTED_WIDTH, target::at, target.from(), target.to());
      Charts.line(chart, kind.name(), x, Charts.map(x, net::at));
    }
    return chart;
  }

  private static XYChart errorChart(Target target, List<Row> rows) {
    XYChart chart =
        Charts.xy("Max error against width, " + target.formula(), "neurons N", "max error");
    Charts.logLog(chart);
    double[] n = ShallowNets.WIDTHS.stream().mapToDouble(Integer::doubleValue).toArray();
    for (Activation.Kind kind : KINDS) {
      double[] e = rows.stream().filter(r -> r.kind() == kind).mapToDouble(Row::maxError).toArray();
      XYSeries series =
          kind == SIGMOID
              ? Charts.dashed(chart, kind.name(), n, e)
              : Charts.line(chart, kind.name(), n, e);
      series.setMarker(kind == STEP ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
    }
    // Guides through the first point of each family: slope -1 and slope -2.
    double step4 = error(rows, STEP, ShallowNets.WIDTHS.get(0));
    double relu4 = error(rows, RELU, ShallowNets.WIDTHS.get(0));
    Charts.dashed(chart, "slope 1/N", n, Charts.map(n, v -> step4 * n[0] / v))
        .setLineColor(Color.GRAY);
    Charts.dashed(chart, "slope 1/N^2", n, Charts.map(n, v -> relu4 * n[0] * n[0] / (v * v)))
        .setLineColor(Color.DARK_GRAY);
    return chart;
  }
}
