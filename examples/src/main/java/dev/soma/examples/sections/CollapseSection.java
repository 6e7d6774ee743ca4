package dev.soma.examples.sections;

import dev.soma.Soma;
import dev.soma.examples.Section;
import dev.soma.examples.math.LeastSquares;
import dev.soma.examples.math.Matrix;
import dev.soma.examples.networks.LinearModel2;
import dev.soma.examples.networks.SomaLinearModel2;
import dev.soma.examples.networks.SomaOneLinearLayer;
import dev.soma.examples.networks.SomaTwoLinearLayers;
import dev.soma.examples.networks.SomaXorLearner;
import dev.soma.examples.networks.XorNet;
import dev.soma.examples.output.Progress;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import dev.soma.examples.training.Dataset;
import dev.soma.examples.training.GradientDescent;
import dev.soma.examples.training.MeanSquaredError;
import dev.soma.examples.training.ParameterLayout;
import dev.soma.examples.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Section 4: why activations are needed. Two linear layers are one linear layer: {@code W2 (W1 x +
 * b1) + b2 = W' x + b'} with {@code W' = W2 W1}, {@code b' = W2 b1 + b2}. Soma warns at compile
 * time about such a stack. A linear model cannot compute XOR; one hidden ReLU layer can.
 */
public final class CollapseSection implements Section {
  /** The source compiled in-process to show the warning. */
  static final String STACKED_SOURCE =
      String.join(
          "\n",
          "import dev.soma.*;",
          "",
          "@Network",
          "@Dense(in = 3, out = 4)",
          "@Dense(in = 4, out = 2)",
          "public interface Stacked {",
          "  double[] apply(double[] x);",
          "}",
          "");

  /** Random inputs on which the two forms are compared. */
  static final int INPUTS = 1000;

  /** The four XOR inputs. */
  static final double[][] XOR_INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

  /** XOR of each input. */
  static final double[] XOR_TARGETS = {0, 1, 1, 0};

  /** The fused layer and how far its outputs are from the two-layer stack's. */
  public record Collapse(double[][] fusedWeights, double[] fusedBias, double maxDifference) {}

  /** Seeds of the XOR training runs. */
  static final int XOR_SEEDS = 10;

  /** Gradient-descent steps per XOR run. */
  static final int XOR_STEPS = 500;

  /** One XOR training run: the seed, the final loss and the outputs on the four inputs. */
  public record XorRun(long seed, double loss, double[] outputs) {
    /** Whether every output is within 0.1 of its target. */
    public boolean solved() {
      for (int i = 0; i < 4; i++) {
        if (Math.abs(outputs[i] - XOR_TARGETS[i]) > 0.1) {
          return false;
        }
      }
      return true;
    }
  }

  /** Outputs on the four XOR inputs of the best linear model and of the ReLU network. */
  public record Xor(double[] linearCoefficients, double[] linear, double[] relu) {}

  @Override
  public String name() {
    return "collapse";
  }

  @Override
  public String title() {
    return "4. Why activations are needed";
  }

  /** Fuses a randomly initialised two-layer stack and compares both on random inputs. */
  public static Collapse collapse(long seed) {
    Random random = new Random(seed);
    double[][] w = SomaTwoLinearLayers.random(seed).weights();
    double[][] b = {gaussian(4, random), gaussian(2, random)};
    SomaTwoLinearLayers two = new SomaTwoLinearLayers(w, b);
    double[][] w1 = Matrix.fromRowMajor(w[0], 4, 3);
    double[][] w2 = Matrix.fromRowMajor(w[1], 2, 4);
    double[][] fused = Matrix.multiply(w2, w1);
    double[] fusedBias = Matrix.add(Matrix.apply(w2, b[0]), b[1]);
    SomaOneLinearLayer one =
        new SomaOneLinearLayer(
            new double[][] {Matrix.toRowMajor(fused)}, new double[][] {fusedBias});
    double max = 0;
    for (int i = 0; i < INPUTS; i++) {
      double[] x = gaussian(3, random);
      max = Math.max(max, Matrix.maxAbsDifference(two.apply(x), one.apply(x)));
    }
    return new Collapse(fused, fusedBias, max);
  }

  private static double[] gaussian(int n, Random random) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  /** The least-squares linear model and the hand-set ReLU network on XOR. */
  public static Xor xor() {
    double[] c = LeastSquares.fitWithIntercept(XOR_INPUTS, XOR_TARGETS);
    LinearModel2 linear =
        new SomaLinearModel2(new double[][] {{c[0], c[1]}}, new double[][] {{c[2]}});
    XorNet relu = Soma.create(XorNet.class);
    double[] lin = new double[4];
    double[] rel = new double[4];
    for (int i = 0; i < 4; i++) {
      lin[i] = linear.at(XOR_INPUTS[i][0], XOR_INPUTS[i][1]);
      rel[i] = relu.xor(XOR_INPUTS[i][0], XOR_INPUTS[i][1]);
    }
    return new Xor(c, lin, rel);
  }

  /**
   * Trains {@code SomaXorLearner} (2 -> 8 ReLU -> 1) on XOR from each seed's random initialisation
   * by gradient descent on the mean squared error.
   */
  public static List<XorRun> trainXor(int seeds, Progress progress) {
    MeanSquaredError loss =
        new MeanSquaredError(
            new ParameterLayout(2, 8, 1),
            (w, b) -> new SomaXorLearner(w, b)::apply,
            new Dataset(XOR_INPUTS, new double[][] {{0}, {1}, {1}, {0}}));
    List<XorRun> runs = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      SomaXorLearner init = SomaXorLearner.random(seed);
      double[] start = loss.layout().flatten(init.weights(), init.biases());
      Trainer.Result result = new GradientDescent(0.05, 0.9, XOR_STEPS).train(loss, start, null);
      UnaryOperator<double[]> net = loss.network(result.parameters());
      double[] outputs = new double[4];
      for (int i = 0; i < 4; i++) {
        outputs[i] = net.apply(XOR_INPUTS[i])[0];
      }
      runs.add(new XorRun(seed, result.finalLoss(), outputs));
      if (progress != null) {
        progress.done(seed);
      }
    }
    return runs;
  }

  @Override
  public void run(Report report) {
    report.line("Compiling two @Dense with nothing between them:");
    String[] lines = STACKED_SOURCE.split("\n");
    for (int i = 0; i < lines.length; i++) {
      report.printf("  %2d  %s", i + 1, lines[i]);
    }
    CompilerDemo.Outcome outcome = CompilerDemo.compile("Stacked", STACKED_SOURCE);
    if (outcome.unavailableBecause() != null) {
      report.line("  (not compiled: " + outcome.unavailableBecause() + ")");
    } else if (outcome.diagnostics().isEmpty()) {
      report.line("  javac reported nothing.");
    } else {
      outcome.diagnostics().forEach(d -> report.line("  " + d));
    }
    report.blank();
    Collapse collapse = collapse(4);
    report.line("A random 3 -> 4 -> 2 linear stack (random weights and biases) against one");
    report.line("3 -> 2 layer with W' = W2 W1 and b' = W2 b1 + b2 (SomaOneLinearLayer):");
    for (int i = 0; i < 2; i++) {
      report.printf(
          "  W'[%d] = %s   b'[%d] = %s",
          i,
          NeuronSection.vector(collapse.fusedWeights()[i]),
          i,
          NeuronSection.num(collapse.fusedBias()[i]));
    }
    report.printf(
        "  largest output difference over %d random inputs: %.1e (rounding only)",
        INPUTS, collapse.maxDifference());
    report.blank();
    Xor xor = xor();
    report.printf(
        "XOR. The best linear model (least squares): %.3f a + %.3f b + %.3f",
        xor.linearCoefficients()[0], xor.linearCoefficients()[1], xor.linearCoefficients()[2]);
    Table table = new Table("a", "b", "a XOR b", "best linear", "ReLU network (XorNet)");
    for (int i = 0; i < 4; i++) {
      table.row(
          (int) XOR_INPUTS[i][0],
          (int) XOR_INPUTS[i][1],
          (int) XOR_TARGETS[i],
          Table.fixed(xor.linear()[i], 3),
          Table.fixed(xor.relu()[i], 3));
    }
    report.table(table);
    report.line(
        "The linear model says 0.5 everywhere: no line separates XOR. With h1 = relu(a + b),");
    report.line("h2 = relu(a + b - 1) and y = h1 - 2 h2 the network is exact.");
    report.blank();
    report.printf(
        "Learning it: SomaXorLearner (2 -> 8 ReLU -> 1) from %d random initialisations, %d steps",
        XOR_SEEDS, XOR_STEPS);
    report.line("of gradient descent each:");
    List<XorRun> runs = trainXor(XOR_SEEDS, report.progress("XOR training", XOR_SEEDS));
    Table trained = new Table("seed", "loss", "(0,0)", "(0,1)", "(1,0)", "(1,1)", "solved");
    for (XorRun run : runs) {
      double[] y = run.outputs();
      trained.row(
          run.seed(),
          Table.sci(run.loss()),
          Table.fixed(y[0], 3),
          Table.fixed(y[1], 3),
          Table.fixed(y[2], 3),
          Table.fixed(y[3], 3),
          run.solved() ? "yes" : "no");
    }
    report.table(trained);
    long solved = runs.stream().filter(XorRun::solved).count();
    report.printf(
        "Solved from %d of %d starts. A failed run ends at a poor critical point with dead ReLUs;",
        solved, runs.size());
    report.line("with 4 hidden ReLUs instead of 8, only 3 of these 10 starts succeed.");
  }
}
