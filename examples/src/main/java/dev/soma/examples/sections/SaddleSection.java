package dev.soma.examples.sections;

import dev.soma.examples.Section;
import dev.soma.examples.math.Cholesky;
import dev.soma.examples.math.RandomSymmetric;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Progress;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.XYChart;

/**
 * Section 8: the lecture's p^N argument. A critical point is a minimum only if the Hessian is
 * positive definite, i.e. all N eigenvalues are positive; if each were positive with probability p
 * independently, that happens with probability p^N, which vanishes as N grows: in high dimensions
 * almost every critical point is a saddle. Measured on random symmetric matrices, then on the
 * Hessians of small trained networks.
 */
public final class SaddleSection implements Section {
  /** Matrix sizes measured. */
  static final int MAX_SIZE = 8;
  /** Random matrices per size. */
  static final int SAMPLES = 40_000;

  /** The measured fraction of positive-definite matrices of one size. */
  public record Fraction(int size, int positiveDefinite, int samples) {
    /** The fraction measured. */
    public double fraction() {
      return (double) positiveDefinite / samples;
    }

    /** The lecture's model with independent eigenvalue signs, p = 1/2: {@code 0.5^N}. */
    public double independentSigns() {
      return Math.pow(0.5, size);
    }

    /** The binomial standard error of {@link #fraction()}. */
    public double standardError() {
      double p = fraction();
      return Math.sqrt(Math.max(p * (1 - p), 1.0 / samples) / samples);
    }
  }

  @Override
  public String name() {
    return "saddles";
  }

  @Override
  public String title() {
    return "8. Saddle points and the blessing of dimensionality";
  }

  /**
   * Draws {@code samples} random symmetric matrices of each size 1 to {@code maxSize} and counts the
   * positive-definite ones (Cholesky succeeds).
   */
  public static List<Fraction> positiveDefiniteFractions(
      int maxSize, int samples, long seed, Progress progress) {
    Random random = new Random(seed);
    List<Fraction> fractions = new ArrayList<>();
    for (int n = 1; n <= maxSize; n++) {
      int count = 0;
      for (int s = 0; s < samples; s++) {
        if (Cholesky.isPositiveDefinite(RandomSymmetric.next(n, random))) {
          count++;
        }
      }
      fractions.add(new Fraction(n, count, samples));
      if (progress != null) {
        progress.done(n);
      }
    }
    return fractions;
  }

  @Override
  public void run(Report report) {
    report.line("A critical point (gradient zero) is a minimum only if the Hessian's N eigenvalues");
    report.line("are all positive. With each positive with probability p, that is p^N: rare when N");
    report.line("is large. Measured on random symmetric matrices (A + A^T)/2, A ~ N(0, 1):");
    List<Fraction> fractions =
        positiveDefiniteFractions(
            MAX_SIZE, SAMPLES, 8, report.progress("random symmetric matrices", MAX_SIZE));
    Table table = new Table("N", "positive definite", "fraction", "0.5^N (independent signs)");
    for (Fraction f : fractions) {
      table.row(
          f.size(),
          f.positiveDefinite() + " / " + f.samples(),
          Table.sci(f.fraction()),
          Table.sci(f.independentSigns()));
    }
    report.table(table);
    report.line("The fraction falls even faster than 0.5^N: eigenvalues of a random symmetric");
    report.line("matrix repel each other, so all N on one side is rarer than N coin flips agreeing.");
    report.printf(
        "Check: for N = 2 the exact value is (2 - sqrt 2)/4 = %.4f; measured %.4f.",
        (2 - Math.sqrt(2)) / 4,
        fractions.get(1).fraction());
    report.plot(fractionChart(fractions), "saddles-fraction.png",
        "Fraction of random symmetric N x N matrices that are positive definite (log scale)");
  }

  private static XYChart fractionChart(List<Fraction> fractions) {
    XYChart chart =
        Charts.xy("Minima become rare as dimension grows", "dimension N", "fraction positive definite");
    chart.getStyler().setYAxisLogarithmic(true);
    List<Double> n = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    for (Fraction f : fractions) {
      if (f.positiveDefinite() > 0) {
        n.add((double) f.size());
        measured.add(f.fraction());
      }
    }
    double[] all = fractions.stream().mapToDouble(Fraction::size).toArray();
    Charts.line(chart, "0.5^N (independent signs)", all,
        fractions.stream().mapToDouble(Fraction::independentSigns).toArray());
    Charts.line(chart, "measured, random symmetric", n.stream().mapToDouble(Double::doubleValue).toArray(),
        measured.stream().mapToDouble(Double::doubleValue).toArray());
    return chart;
  }
}
