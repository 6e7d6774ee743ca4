package dev.soma.examples.sections;

import dev.soma.examples.Section;
import dev.soma.examples.math.LeastSquares;
import dev.soma.examples.networks.SomaCurveFitter;
import dev.soma.examples.networks.SomaLineFit;
import dev.soma.examples.output.Charts;
import dev.soma.examples.output.Progress;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import dev.soma.examples.training.Dataset;
import dev.soma.examples.training.GradientDescent;
import dev.soma.examples.training.MeanSquaredError;
import dev.soma.examples.training.ParameterLayout;
import dev.soma.examples.training.Trainer;
import java.util.Arrays;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Section 7: loss landscapes. Linear regression's mean squared error is a convex bowl in (w, b). A
 * small trained MLP's loss, seen on a 2-D slice through its weights along two random directions
 * (filter-normalised: each neuron's direction scaled to the norm of its weights, biases left alone,
 * after Li et al., "Visualizing the Loss Landscape of Neural Nets", 2018), is not.
 */
public final class LandscapeSection implements Section {
  /** Grid points per axis. */
  static final int GRID = 61;

  /** Gradient-descent steps for the MLP. */
  static final int TRAINING_STEPS = 1500;

  /** Loss values {@code loss[i][j]} at {@code (a[i], b[j])}, and the loss at the centre. */
  public record Landscape(double[] a, double[] b, double[][] loss, double centreLoss) {
    /**
     * The fraction of interior grid points where the loss curves downwards along either axis
     * (negative second difference): 0 for a convex function.
     */
    public double concaveFraction() {
      int concave = 0;
      int total = 0;
      for (int i = 1; i + 1 < a.length; i++) {
        for (int j = 1; j + 1 < b.length; j++) {
          double alongA = loss[i + 1][j] - 2 * loss[i][j] + loss[i - 1][j];
          double alongB = loss[i][j + 1] - 2 * loss[i][j] + loss[i][j - 1];
          double scale = 1e-12 * Math.max(1, Math.abs(loss[i][j]));
          if (alongA < -scale || alongB < -scale) {
            concave++;
          }
          total++;
        }
      }
      return (double) concave / total;
    }

    /** The smallest loss on the grid. */
    public double min() {
      return Arrays.stream(loss).flatMapToDouble(Arrays::stream).min().orElseThrow();
    }

    /** The largest loss on the grid. */
    public double max() {
      return Arrays.stream(loss).flatMapToDouble(Arrays::stream).max().orElseThrow();
    }
  }

  @Override
  public String name() {
    return "landscapes";
  }

  @Override
  public String title() {
    return "7. Loss landscapes";
  }

  /** 40 noisy points of {@code y = 1.5 x - 0.5}. */
  static Dataset lineData() {
    Random random = new Random(7);
    double[] x = Charts.range(-2, 2, 40);
    double[] y = Charts.map(x, v -> 1.5 * v - 0.5 + 0.3 * random.nextGaussian());
    return Dataset.scalar(x, y);
  }

  /** 40 points of {@code sin(2x)} on [-2, 2], a curve a line cannot fit. */
  static Dataset curveData() {
    double[] x = Charts.range(-2, 2, 40);
    return Dataset.scalar(x, Charts.map(x, v -> Math.sin(2 * v)));
  }

  /** The mean squared error of the generated linear regression {@code SomaLineFit}. */
  public static MeanSquaredError lineLoss() {
    return new MeanSquaredError(
        new ParameterLayout(1, 1), (w, b) -> new SomaLineFit(w, b)::apply, lineData());
  }

  /** The mean squared error of the generated MLP {@code SomaCurveFitter}. */
  public static MeanSquaredError curveLoss() {
    return new MeanSquaredError(
        new ParameterLayout(1, 8, 1), (w, b) -> new SomaCurveFitter(w, b)::apply, curveData());
  }

  /** The regression loss over a (w, b) grid of half-width 2 around the least-squares solution. */
  public static Landscape bowl() {
    Dataset data = lineData();
    double[] fit =
        LeastSquares.fitWithIntercept(
            data.inputs(), Arrays.stream(data.targets()).mapToDouble(t -> t[0]).toArray());
    MeanSquaredError loss = lineLoss();
    double[] w = Charts.range(fit[0] - 2, fit[0] + 2, GRID);
    double[] b = Charts.range(fit[1] - 2, fit[1] + 2, GRID);
    double[][] z = new double[GRID][GRID];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        z[i][j] = loss.loss(new double[] {w[i], b[j]});
      }
    }
    return new Landscape(w, b, z, loss.loss(fit));
  }

  /** Trains {@code SomaCurveFitter} from its seeded random initialisation. */
  public static Trainer.Result trainCurve(Progress progress) {
    MeanSquaredError loss = curveLoss();
    SomaCurveFitter initial = SomaCurveFitter.random(3);
    double[] start = loss.layout().flatten(initial.weights(), initial.biases());
    return new GradientDescent(0.02, 0.9, TRAINING_STEPS).train(loss, start, progress);
  }

  /**
   * A random direction in parameter space, filter-normalised: each neuron's incoming weights get
   * the norm of that neuron's weights in {@code centre}; bias components are zero.
   */
  public static double[] filterNormalisedDirection(
      ParameterLayout layout, double[] centre, Random random) {
    double[] d = new double[centre.length];
    for (int l = 0; l < layout.layers(); l++) {
      int offset = layout.weightOffset(l);
      int in = layout.in(l);
      for (int neuron = 0; neuron < layout.out(l); neuron++) {
        int from = offset + neuron * in;
        double dNorm = 0;
        double wNorm = 0;
        for (int j = from; j < from + in; j++) {
          d[j] = random.nextGaussian();
          dNorm += d[j] * d[j];
          wNorm += centre[j] * centre[j];
        }
        double scale = Math.sqrt(wNorm / dNorm);
        for (int j = from; j < from + in; j++) {
          d[j] *= scale;
        }
      }
    }
    return d;
  }

  /** The loss on the plane {@code centre + a d1 + b d2}, {@code a, b} in [-1, 1]. */
  public static Landscape slice(MeanSquaredError loss, double[] centre, long seed) {
    Random random = new Random(seed);
    double[] d1 = filterNormalisedDirection(loss.layout(), centre, random);
    double[] d2 = filterNormalisedDirection(loss.layout(), centre, random);
    double[] a = Charts.range(-1, 1, GRID);
    double[] b = Charts.range(-1, 1, GRID);
    double[][] z = new double[GRID][GRID];
    double[] p = new double[centre.length];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        for (int k = 0; k < p.length; k++) {
          p[k] = centre[k] + a[i] * d1[k] + b[j] * d2[k];
        }
        z[i][j] = loss.loss(p);
      }
    }
    return new Landscape(a, b, z, loss.loss(centre));
  }

  @Override
  public void run(Report report) {
    Landscape bowl = bowl();
    report.line(
        "Linear regression y = w x + b on 40 noisy points of y = 1.5 x - 0.5 (SomaLineFit):");
    report.printf(
        "  least-squares optimum: loss %.4f; grid %d x %d, loss from %.4f to %.2f",
        bowl.centreLoss(), GRID, GRID, bowl.min(), bowl.max());
    report.blank();
    report.printf(
        "MLP 1 -> 8 tanh -> 1 (SomaCurveFitter) fitting sin(2x), %d steps of gradient"
            + " descent (finite-difference gradients):",
        TRAINING_STEPS);
    Trainer.Result trained = trainCurve(report.progress("training", TRAINING_STEPS));
    report.printf(
        "  loss %.4f at the random start, %.5f after training",
        trained.losses()[0], trained.finalLoss());
    Landscape slice = slice(curveLoss(), trained.parameters(), 11);
    Table table =
        new Table("landscape", "centre loss", "min on grid", "max on grid", "points curving down");
    table.row(
        "linear regression (w, b)",
        Table.fixed(bowl.centreLoss(), 4),
        Table.fixed(bowl.min(), 4),
        Table.fixed(bowl.max(), 2),
        Table.fixed(100 * bowl.concaveFraction(), 1) + " %");
    table.row(
        "MLP, random 2-D slice",
        Table.fixed(slice.centreLoss(), 4),
        Table.fixed(slice.min(), 4),
        Table.fixed(slice.max(), 2),
        Table.fixed(100 * slice.concaveFraction(), 1) + " %");
    report.table(table);
    report.line("The bowl curves up everywhere (convex: one minimum, gradient descent finds it).");
    report.line("The MLP's slice curves down in places: ridges, valleys and plateaus.");
    report.plot(
        contour("Linear regression: a convex bowl", "weight w", "bias b", bowl, false),
        "landscape-regression.png",
        "Mean squared error of linear regression over (w, b)");
    report.plot(
        contour("Trained MLP: a random 2-D slice", "direction 1", "direction 2", slice, true),
        "landscape-mlp.png",
        "Loss of the trained 1-8-1 tanh MLP on a plane through its weights (filter-normalised)");
    report.plot(lossCurve(trained), "landscape-training.png", "Training loss of the MLP per step");
  }

  private static XYChart contour(
      String title, String xLabel, String yLabel, Landscape l, boolean logLevels) {
    double low = l.min();
    double high = l.max();
    double[] levels = new double[10];
    for (int k = 0; k < levels.length; k++) {
      double t = (k + 1.0) / (levels.length + 1);
      levels[k] = logLevels ? low * Math.pow(high / low, t) : low + (high - low) * t * t;
    }
    XYChart chart = Charts.contours(title, xLabel, yLabel, l.a(), l.b(), l.loss(), levels);
    int mid = l.a().length / 2;
    XYSeries centre =
        Charts.points(
            chart,
            logLevels ? "trained weights" : "least squares",
            new double[] {l.a()[mid]},
            new double[] {l.b()[mid]});
    centre.setMarker(SeriesMarkers.DIAMOND);
    centre.setMarkerColor(java.awt.Color.RED);
    return chart;
  }

  private static XYChart lossCurve(Trainer.Result trained) {
    XYChart chart = Charts.xy("Training the MLP", "step", "mean squared error");
    Charts.logY(chart);
    double[] steps = Charts.range(0, trained.losses().length - 1, trained.losses().length);
    Charts.line(chart, "loss", steps, trained.losses());
    return chart;
  }
}
