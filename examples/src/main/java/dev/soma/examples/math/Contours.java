package dev.soma.examples.math;

import java.util.ArrayList;
import java.util.List;

/**
 * Contour lines of a function sampled on a grid, by marching squares: in each grid cell the level
 * crosses the edges whose end values lie on opposite sides of it, at the linearly interpolated
 * point; joining the crossings gives the line's segments.
 */
public final class Contours {
  private Contours() {}

  /** A straight piece of a contour line from (x1, y1) to (x2, y2). */
  public record Segment(double x1, double y1, double x2, double y2) {}

  /**
   * The segments of the contour {@code z = level}, where {@code z[i][j]} is the value at {@code
   * (x[i], y[j])}.
   */
  public static List<Segment> at(double[] x, double[] y, double[][] z, double level) {
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i + 1 < x.length; i++) {
      for (int j = 0; j + 1 < y.length; j++) {
        // Corners counter-clockwise: (i,j), (i+1,j), (i+1,j+1), (i,j+1); edge e joins corner e,
        // e+1.
        double[] cx = {x[i], x[i + 1], x[i + 1], x[i]};
        double[] cy = {y[j], y[j], y[j + 1], y[j + 1]};
        double[] cz = {z[i][j], z[i + 1][j], z[i + 1][j + 1], z[i][j + 1]};
        List<double[]> crossings = new ArrayList<>(4);
        for (int e = 0; e < 4; e++) {
          int f = (e + 1) % 4;
          boolean aboveE = cz[e] >= level;
          boolean aboveF = cz[f] >= level;
          if (aboveE != aboveF) {
            double t = (level - cz[e]) / (cz[f] - cz[e]);
            crossings.add(new double[] {cx[e] + t * (cx[f] - cx[e]), cy[e] + t * (cy[f] - cy[e])});
          }
        }
        // Two crossings: one segment. Four (a saddle cell): pair them by edge order, 0-1 and 2-3.
        for (int k = 0; k + 1 < crossings.size(); k += 2) {
          double[] a = crossings.get(k);
          double[] b = crossings.get(k + 1);
          segments.add(new Segment(a[0], a[1], b[0], b[1]));
        }
      }
    }
    return segments;
  }
}
