package dev.soma.examples.sections;

import dev.soma.examples.Section;
import dev.soma.examples.math.Cholesky;
import dev.soma.examples.math.RandomSymmetric;
import dev.soma.examples.math.SymmetricEigen;
import dev.soma.examples.networks.SomaTinyFitter;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Progress;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import dev.soma.examples.training.CriticalPoints;
import dev.soma.examples.training.GradientDescent;
import dev.soma.examples.training.MeanSquaredError;
import dev.soma.examples.training.Objective;
import dev.soma.examples.training.ParameterLayout;
import dev.soma.examples.training.WeightDecay;
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

  /** Random starting points of the critical-point search. */
  static final int STARTS = 16;

  /** A gradient norm below this counts as zero. */
  static final double GRADIENT_TOLERANCE = 1e-7;

  /** The weight decay that keeps the tiny network's minima at finite weights. */
  static final double WEIGHT_DECAY = 1e-3;

  /** A critical point of the tiny network's loss and the signs of its Hessian's eigenvalues. */
  public record CriticalPoint(
      double loss, double gradientNorm, int negative, int nearZero, int positive, int found) {
    /** The fraction of directions that go down: 0 at a minimum. */
    public double index() {
      return (double) negative / (negative + nearZero + positive);
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
   * Draws {@code samples} random symmetric matrices of each size 1 to {@code maxSize} and counts
   * the positive-definite ones (Cholesky succeeds).
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

  /** The mean squared error of {@code SomaTinyFitter} (1 -> 3 tanh -> 1) on sin(2x). */
  public static MeanSquaredError tinyLoss() {
    return new MeanSquaredError(
        new ParameterLayout(1, 3, 1),
        (w, b) -> new SomaTinyFitter(w, b)::apply,
        LandscapeSection.curveData());
  }

  /**
   * Searches for critical points of {@link #tinyLoss()} plus a small weight decay: from the
   * all-zero weights, and from {@code starts} random initialisations, half of them with
   * Levenberg-Marquardt steps on {@code g = 0} (any critical point, after some gradient descent)
   * and half with damped Newton descent (minima). Each converged point is classified by its
   * Hessian's eigenvalues; points equal up to the network's symmetries (same loss and signs) are
   * counted once.
   */
  public static List<CriticalPoint> criticalPoints(int starts, Progress progress) {
    MeanSquaredError mse = tinyLoss();
    Objective loss = new WeightDecay(mse, WEIGHT_DECAY);
    ParameterLayout layout = mse.layout();
    List<CriticalPoint> points = new ArrayList<>();
    Random random = new Random(5);
    for (int s = 0; s <= starts; s++) {
      double[] start = new double[layout.count()];
      if (s > 0) {
        SomaTinyFitter init = SomaTinyFitter.random(s);
        start = layout.flatten(init.weights(), init.biases());
        double spread = 0.5 + 2 * random.nextDouble();
        for (int i = 0; i < start.length; i++) {
          start[i] = start[i] * spread + 0.3 * random.nextGaussian();
        }
      }
      CriticalPoints.Found found;
      if (s % 2 == 0) {
        int descent = new int[] {0, 30, 300}[s / 2 % 3];
        if (descent > 0) {
          start = new GradientDescent(0.02, 0.9, descent).train(loss, start, null).parameters();
        }
        found = CriticalPoints.search(loss, start, 80, GRADIENT_TOLERANCE);
      } else {
        found = CriticalPoints.minimise(loss, start, 80, GRADIENT_TOLERANCE);
      }
      if (found.gradientNorm() <= GRADIENT_TOLERANCE) {
        add(points, classify(loss, found));
      }
      if (progress != null) {
        progress.done(s + 1);
      }
    }
    points.sort((x, y) -> Double.compare(x.loss(), y.loss()));
    return points;
  }

  private static CriticalPoint classify(Objective loss, CriticalPoints.Found found) {
    double[] eigen = SymmetricEigen.values(loss.hessian(found.parameters()));
    double scale = Math.max(Math.abs(eigen[0]), Math.abs(eigen[eigen.length - 1]));
    int negative = 0;
    int zero = 0;
    for (double e : eigen) {
      if (Math.abs(e) <= 1e-6 * scale) {
        zero++;
      } else if (e < 0) {
        negative++;
      }
    }
    return new CriticalPoint(
        loss.loss(found.parameters()),
        found.gradientNorm(),
        negative,
        zero,
        eigen.length - negative - zero,
        1);
  }

  private static void add(List<CriticalPoint> points, CriticalPoint point) {
    for (int i = 0; i < points.size(); i++) {
      CriticalPoint known = points.get(i);
      if (Math.abs(known.loss() - point.loss()) < 1e-7 && known.negative() == point.negative()) {
        points.set(
            i,
            new CriticalPoint(
                known.loss(),
                Math.max(known.gradientNorm(), point.gradientNorm()),
                known.negative(),
                known.nearZero(),
                known.positive(),
                known.found() + 1));
        return;
      }
    }
    points.add(point);
  }

  @Override
  public void run(Report report) {
    report.line(
        "A critical point (gradient zero) is a minimum only if the Hessian's N eigenvalues");
    report.line(
        "are all positive. With each positive with probability p, that is p^N: rare when N");
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
    report.line(
        "matrix repel each other, so all N on one side is rarer than N coin flips agreeing.");
    report.printf(
        "Check: for N = 2 the exact value is (2 - sqrt 2)/4 = %.4f; measured %.4f.",
        (2 - Math.sqrt(2)) / 4, fractions.get(1).fraction());
    report.plot(
        fractionChart(fractions),
        "saddles-fraction.png",
        "Fraction of random symmetric N x N matrices that are positive definite (log scale)");
    report.blank();
    report.line("Critical points of a real loss: SomaTinyFitter (1 -> 3 tanh -> 1, 10 parameters)");
    report.line(
        "fitting sin(2x), loss = mean squared error + 0.0005 |weights|^2. Levenberg-Marquardt");
    report.line(
        "steps on g = 0 (any critical point) and damped Newton descent (minima), from random");
    report.line(
        "starts and from all-zero weights, find points with |g| < 1e-7; the eigenvalues of the");
    report.line("Hessian (second differences, 10 x 10) classify them:");
    List<CriticalPoint> points =
        criticalPoints(STARTS, report.progress("critical-point search", STARTS + 1));
    Table found =
        new Table("loss", "|gradient|", "negative", "~zero", "positive", "kind", "starts");
    for (CriticalPoint p : points) {
      found.row(
          Table.fixed(p.loss(), 5),
          Table.sci(p.gradientNorm()),
          p.negative(),
          p.nearZero(),
          p.positive(),
          p.negative() == 0 ? "minimum" : "saddle",
          p.found());
    }
    report.table(found);
    report.line(
        "Saddles sit at higher loss than minima, and the higher the loss the more directions");
    report.line(
        "lead down (Dauphin et al. 2014): gradient descent rarely gets stuck at a bad minimum.");
    if (!points.isEmpty()) {
      report.plot(
          indexChart(points),
          "saddles-index.png",
          "Critical points of the tiny MLP: loss against the fraction of downhill directions");
    }
  }

  private static XYChart indexChart(List<CriticalPoint> points) {
    XYChart chart =
        Charts.xy(
            "Critical points of a 10-parameter MLP",
            "loss",
            "fraction of negative Hessian eigenvalues");
    Charts.points(
        chart,
        "critical points",
        points.stream().mapToDouble(CriticalPoint::loss).toArray(),
        points.stream().mapToDouble(CriticalPoint::index).toArray());
    return chart;
  }

  private static XYChart fractionChart(List<Fraction> fractions) {
    XYChart chart =
        Charts.xy(
            "Minima become rare as dimension grows", "dimension N", "fraction positive definite");
    Charts.logY(chart);
    List<Double> n = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    for (Fraction f : fractions) {
      if (f.positiveDefinite() > 0) {
        n.add((double) f.size());
        measured.add(f.fraction());
      }
    }
    double[] all = fractions.stream().mapToDouble(Fraction::size).toArray();
    Charts.line(
        chart,
        "0.5^N (independent signs)",
        all,
        fractions.stream().mapToDouble(Fraction::independentSigns).toArray());
    Charts.line(
        chart,
        "measured, random symmetric",
        n.stream().mapToDouble(Double::doubleValue).toArray(),
        measured.stream().mapToDouble(Double::doubleValue).toArray());
    return chart;
  }
}
