package dev.soma.examples.output;

import dev.soma.examples.math.Contours;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XY charts in one legible style: 1000 x 640 pixels, large fonts, legend outside the plot. */
public final class Charts {
  /** Width of every chart in pixels. */
  public static final int WIDTH = 1000;

  /** Height of every chart in pixels. */
  public static final int HEIGHT = 640;

  /** Series colours, distinct and dark enough on white (Okabe-Ito, without yellow). */
  static final Color[] PALETTE = {
    new Color(0, 114, 178),
    new Color(213, 94, 0),
    new Color(0, 158, 115),
    new Color(204, 121, 167),
    new Color(86, 180, 233),
    new Color(230, 159, 0),
    Color.BLACK,
    new Color(120, 120, 120)
  };

  /** Name of the invisible series added by {@link #roundTicks}. */
  private static final String TICK_HELPER = " ";

  private Charts() {}

  /** An empty line chart with a title and axis labels. */
  public static XYChart xy(String title, String xLabel, String yLabel) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    XYStyler styler = chart.getStyler();
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    chart.getStyler().setMarkerSize(7);
    styler.setSeriesColors(PALETTE);
    styler.setXAxisDecimalPattern("0.##");
    styler.setYAxisDecimalPattern("0.##");
    return chart;
  }

  /** Makes both axes logarithmic, labelled in XChart's default powers of ten. */
  public static void logLog(XYChart chart) {
    logY(chart);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern(null);
  }

  /** Makes the y axis logarithmic, labelled in XChart's default powers of ten. */
  public static void logY(XYChart chart) {
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisDecimalPattern(null);
  }

  /** Adds a line without markers. */
  public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineStyle(new BasicStroke(2.2f));
    return series;
  }

  /** Adds a dashed line without markers. */
  public static XYSeries dashed(XYChart chart, String name, double[] x, double[] y) {
    XYSeries series = line(chart, name, x, y);
    series.setLineStyle(
        new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
    return series;
  }

  /** Adds points without a connecting line. */
  public static XYSeries points(XYChart chart, String name, double[] x, double[] y) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    series.setMarker(SeriesMarkers.CIRCLE);
    return series;
  }

  /** Evenly spaced values from {@code from} to {@code to}, both included. */
  public static double[] range(double from, double to, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = from + (to - from) * i / (count - 1);
    }
    return values;
  }

  /** {@code f} applied to every element of {@code x}. */
  public static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.applyAsDouble(x[i]);
    }
    return y;
  }

  /**
   * A contour plot of {@code z[i][j]}, the value at {@code (x[i], y[j])}: one line series per
   * level, coloured from dark (low) to light (high), its segments separated by NaN gaps.
   */
  public static XYChart contours(
      String title,
      String xLabel,
      String yLabel,
      double[] x,
      double[] y,
      double[][] z,
      double[] levels) {
    XYChart chart = xy(title, xLabel, yLabel);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (int k = 0; k < levels.length; k++) {
      List<Contours.Segment> segments = Contours.at(x, y, z, levels[k]);
      if (segments.isEmpty()) {
        continue;
      }
      double[] sx = new double[segments.size() * 3];
      double[] sy = new double[segments.size() * 3];
      for (int s = 0; s < segments.size(); s++) {
        Contours.Segment segment = segments.get(s);
        sx[3 * s] = segment.x1();
        sy[3 * s] = segment.y1();
        sx[3 * s + 1] = segment.x2();
        sy[3 * s + 1] = segment.y2();
        sx[3 * s + 2] = Double.NaN;
        sy[3 * s + 2] = Double.NaN;
      }
      XYSeries series = line(chart, String.format(Locale.ROOT, "loss %.3g", levels[k]), sx, sy);
      series.setLineColor(levelColor((double) k / Math.max(1, levels.length - 1)));
      series.setLineStyle(new BasicStroke(1.6f));
    }
    return chart;
  }

  /** A colour from dark blue (0) through teal and green to orange (1). */
  static Color levelColor(double t) {
    float hue = (float) (0.68 - 0.6 * t);
    return Color.getHSBColor(hue, 0.85f, (float) (0.55 + 0.35 * t));
  }

  /**
   * Makes XChart place x-axis ticks at round numbers. XChart 3.8 puts the ticks on data points (0,
   * 72, 144, ...) when the x values of all series together are evenly spaced; an invisible point
   * inside the range (no y value, not in the legend) breaks the even spacing.
   */
  public static void roundTicks(XYChart chart) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double x : series.getXData()) {
        if (Double.isFinite(x)) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
    }
    if (min < max && !chart.getSeriesMap().containsKey(TICK_HELPER)) {
      XYSeries helper =
          chart.addSeries(
              TICK_HELPER, new double[] {min + 0.5123457 * (max - min)}, new double[] {Double.NaN});
      helper.setShowInLegend(false);
      helper.setMarker(SeriesMarkers.NONE);
    }
  }
}
