package dev.soma.examples.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
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
    return chart;
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
        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
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
}
