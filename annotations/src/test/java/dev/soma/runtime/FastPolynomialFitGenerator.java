package dev.soma.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Derives the polynomial coefficients in {@link FastActivations} by the Remez exchange algorithm
 * and prints them as Java source (optional arguments: the degrees of the normal tail and of the
 * exponential's remainder, 11 and 5).
 *
 * <p>Each polynomial p(v) of degree d on an interval of v minimises the largest weighted error
 * |p(v) - f(v)| w(v): starting from the Chebyshev extrema, it solves for the d + 1 coefficients and
 * the levelled error E at d + 2 reference points where the error alternates in sign, then moves the
 * reference to the extrema of the error on a grid of 20,000 points, until E and the largest error
 * agree to 0.1 %. The basis is Chebyshev polynomials of the interval's normalised variable, so the
 * linear systems are well conditioned; the result is converted to powers of v and rounded to float.
 * The references are double (Math.expm1, and {@link Activations#erfc(double)} whose relative error
 * is below 6e-16), far below the float errors these polynomials are for. Run it with
 *
 * <pre>
 * mvn -q -o -pl annotations test-compile
 * java -cp annotations/target/classes:annotations/target/test-classes \
 *     dev.soma.runtime.FastPolynomialFitGenerator
 * </pre>
 */
final class FastPolynomialFitGenerator {
  private static final int GRID = 20_000;

  /**
   * The slope c of t = 1 / (1 + c a). Scanned: c = 0.25, 0.4, 0.5, 0.6 and 1 need degree 10 for
   * 5e-9, 7e-9, 3e-8, 2e-8 and 2e-6 relative error, but with c = 0.5 H(a) / t varies least (0.5 to
   * 0.22), so its Horner sums cancel least in float, and the interval maps exactly: v = 2.25 t -
   * 1.25. Degree 11 gives 3e-9.
   */
  private static final double SCALE = 0.5;

  private FastPolynomialFitGenerator() {}

  public static void main(String[] args) {
    // e^r = 1 + r + r^2 q(r) for |r| <= ln(2)/2 (slightly more: the reduction rounds); the error
    // of q costs r^2 dq absolutely, relative to expm1(r) for the tanh: weight r^2 / |expm1 r|.
    double reach = 0.3470;
    print(
        "expRemainder",
        "(e^r - 1 - r) / r^2 for |r| <= " + reach,
        fit(
            FastPolynomialFitGenerator::expRemainder,
            r -> Math.abs(r) < 1e-9 ? 1e-9 : r * r / Math.abs(Math.expm1(r)),
            -reach,
            reach,
            Integer.parseInt(args.length > 1 ? args[1] : "5")));
    // Phi(-a) = e^(-a^2 / 2) H(a), H(a) = e^(a^2 / 2) erfc(a / sqrt 2) / 2 = t P(t), P fitted as a
    // function of t = 1 / (1 + a / 2) in [1/9, 1] (a in [0, 16]); relative error.
    print(
        "normalTailOverT",
        "H(a) / t, H(a) = e^(a^2/2) erfc(a/sqrt 2) / 2, in t = 1 / (1 + a/2) in [1/9, 1]",
        fit(
            t -> normalTailScaled(t) / t,
            t -> t / normalTailScaled(t),
            1 / (1 + 16 * SCALE),
            1,
            Integer.parseInt(args.length > 0 ? args[0] : "11")));
  }

  private static double expRemainder(double r) {
    if (Math.abs(r) < 1e-3) {
      return 0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))));
    }
    return (Math.expm1(r) - r) / (r * r);
  }

  private static double normalTailScaled(double t) {
    double a = (1 / t - 1) / SCALE;
    double u = a * 0.7071067811865476;
    return 0.5 * Activations.erfc(u) * Math.exp(0.5 * a * a);
  }

  /** A fitted polynomial: coefficients of powers of v, the interval and the levelled error. */
  record Fit(double[] powers, double low, double high, double error) {}

  static Fit fit(
      DoubleUnaryOperator function,
      DoubleUnaryOperator weight,
      double low,
      double high,
      int degree) {
    int n = degree + 2;
    double[] reference = new double[n];
    for (int i = 0; i < n; i++) {
      reference[i] = -Math.cos(Math.PI * i / (n - 1));
    }
    double[] chebyshev = new double[degree + 1];
    double levelled = 0;
    for (int iteration = 0; iteration < 60; iteration++) {
      double[][] system = new double[n][n + 1];
      for (int i = 0; i < n; i++) {
        double x = toX(reference[i], low, high);
        for (int j = 0; j <= degree; j++) {
          system[i][j] = chebyshevT(j, reference[i]);
        }
        system[i][degree + 1] = (i % 2 == 0 ? 1 : -1) / weight.applyAsDouble(x);
        system[i][n] = function.applyAsDouble(x);
      }
      double[] solution = solve(system);
      System.arraycopy(solution, 0, chebyshev, 0, degree + 1);
      levelled = Math.abs(solution[degree + 1]);
      double[] next = extrema(function, weight, chebyshev, low, high, n);
      double largest = 0;
      for (double v : next) {
        largest = Math.max(largest, Math.abs(error(function, weight, chebyshev, v, low, high)));
      }
      reference = next;
      if (largest <= levelled * 1.001) {
        break;
      }
    }
    return new Fit(toPowers(chebyshev, low, high), low, high, levelled);
  }

  private static double toX(double v, double low, double high) {
    return 0.5 * (high + low) + 0.5 * (high - low) * v;
  }

  private static double chebyshevT(int j, double v) {
    double previous = 1;
    double current = v;
    if (j == 0) {
      return 1;
    }
    for (int k = 1; k < j; k++) {
      double next = 2 * v * current - previous;
      previous = current;
      current = next;
    }
    return current;
  }

  private static double error(
      DoubleUnaryOperator function,
      DoubleUnaryOperator weight,
      double[] chebyshev,
      double v,
      double low,
      double high) {
    double sum = 0;
    for (int j = 0; j < chebyshev.length; j++) {
      sum += chebyshev[j] * chebyshevT(j, v);
    }
    double x = toX(v, low, high);
    return (sum - function.applyAsDouble(x)) * weight.applyAsDouble(x);
  }

  /** The largest |error| in each run of equal sign on the grid, n of them around the largest. */
  private static double[] extrema(
      DoubleUnaryOperator function,
      DoubleUnaryOperator weight,
      double[] chebyshev,
      double low,
      double high,
      int n) {
    List<double[]> runs = new ArrayList<>(); // {v, error}
    for (int k = 0; k <= GRID; k++) {
      double v = -1 + 2.0 * k / GRID;
      double e = error(function, weight, chebyshev, v, low, high);
      double[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && Math.signum(last[1]) == Math.signum(e)) {
        if (Math.abs(e) > Math.abs(last[1])) {
          last[0] = v;
          last[1] = e;
        }
      } else {
        runs.add(new double[] {v, e});
      }
    }
    while (runs.size() > n) {
      // Drop the smaller end run: the alternation survives.
      boolean dropFirst = Math.abs(runs.get(0)[1]) < Math.abs(runs.get(runs.size() - 1)[1]);
      runs.remove(dropFirst ? 0 : runs.size() - 1);
    }
    if (runs.size() < n) {
      throw new IllegalStateException("only " + runs.size() + " alternations for " + n);
    }
    double[] points = new double[n];
    for (int i = 0; i < n; i++) {
      points[i] = runs.get(i)[0];
    }
    return points;
  }

  /** Gaussian elimination with partial pivoting on an augmented matrix. */
  private static double[] solve(double[][] a) {
    int n = a.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        pivot = Math.abs(a[row][col]) > Math.abs(a[pivot][col]) ? row : pivot;
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double factor = a[row][col] / a[col][col];
        for (int k = col; k <= n; k++) {
          a[row][k] -= factor * a[col][k];
        }
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = a[row][n];
      for (int k = row + 1; k < n; k++) {
        sum -= a[row][k] * x[k];
      }
      x[row] = sum / a[row][row];
    }
    return x;
  }

  /**
   * sum c_j T_j(v), v = (2x - high - low) / (high - low), as powers of v when the interval is not
   * symmetric, else as powers of x itself (then v = x / high is folded into the coefficients).
   */
  private static double[] toPowers(double[] chebyshev, double low, double high) {
    int terms = chebyshev.length;
    double[] powers = new double[terms];
    double[] previous = new double[terms];
    double[] current = new double[terms];
    current[0] = 1;
    for (int j = 0; j < terms; j++) {
      for (int i = 0; i <= j; i++) {
        powers[i] += chebyshev[j] * current[i];
      }
      double[] next = new double[terms];
      for (int i = 0; i < terms; i++) {
        double shifted = i == 0 ? 0 : current[i - 1];
        next[i] = (j == 0 ? shifted : 2 * shifted) - previous[i];
      }
      previous = current;
      current = next;
    }
    if (low == -high) {
      for (int i = 0; i < terms; i++) {
        powers[i] /= Math.pow(high, i);
      }
    }
    return powers;
  }

  private static void print(String name, String what, Fit fit) {
    double[] p = fit.powers();
    boolean symmetric = fit.low() == -fit.high();
    String variable = symmetric ? "x" : "v";
    System.out.printf(
        "%n  /** %s: degree %d, weighted error %.2e%s. */%n",
        what,
        p.length - 1,
        fit.error(),
        symmetric
            ? ""
            : ", v = (2x - " + (fit.high() + fit.low()) + ") / " + (fit.high() - fit.low()));
    System.out.printf("  private static float %s(float %s) {%n", name, variable);
    System.out.printf("    float p = %sf;%n", (float) p[p.length - 1]);
    for (int i = p.length - 2; i >= 0; i--) {
      System.out.printf("    p = Math.fma(p, %s, %sf);%n", variable, (float) p[i]);
    }
    System.out.printf("    return p;%n  }%n");
  }
}
