package dev.soma.runtime;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Derives the polynomial coefficients in {@link Activations} and prints them as Java source.
 *
 * <p>Each function is interpolated at 64 Chebyshev nodes of its interval in {@link BigDecimal} from
 * the references in {@link BigMath}; the Chebyshev series is cut where the sum of the dropped
 * coefficients falls below the requested relative error, converted exactly to powers of the
 * interval's normalised variable {@code v} in [-1, 1], and only then rounded to {@code double}. The
 * output is a Horner scheme, one statement per coefficient. Run it with
 *
 * <pre>
 * mvn -q -o -pl annotations test-compile
 * java -cp annotations/target/test-classes dev.soma.runtime.PolynomialFitGenerator
 * </pre>
 */
final class PolynomialFitGenerator {
  private static final int NODES = 64;
  private static final MathContext MC = new MathContext(60);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private PolynomialFitGenerator() {}

  public static void main(String[] args) {
    // erf x = x + x Q(t), t = x^2 = (v + 1) / 2 for |x| < 1. Q crosses zero, so its error is
    // bounded in absolute terms: it is added to 1.
    print(
        "erfOverXMinusOne",
        "erf(x) / x - 1 with t = x^2 in [0, 1], v = 2t - 1",
        -1e-17,
        v -> {
          BigDecimal t = v.add(BigDecimal.ONE).divide(TWO, MC);
          BigDecimal x = t.sqrt(MC);
          return BigMath.erfSeries(x).divide(x, MC).subtract(BigDecimal.ONE);
        });
    print(
        "erfcScaledFrom1To2",
        "e^(x^2) erfc(x) for x in [1, 2], v = 2x - 3",
        1e-17,
        v -> scaledErfc(v.add(BigDecimal.valueOf(3)).divide(TWO, MC)));
    print(
        "erfcScaledFrom2To4",
        "e^(x^2) erfc(x) for x in [2, 4], v = x - 3",
        1e-17,
        v -> scaledErfc(v.add(BigDecimal.valueOf(3))));
    print(
        "erfcTail",
        "x e^(x^2) erfc(x) for x >= 4, s = 1/x^2 in [0, 1/16], v = 32s - 1",
        1e-17,
        v -> {
          BigDecimal s = v.add(BigDecimal.ONE).divide(BigDecimal.valueOf(32), MC);
          return BigMath.erfcContinuedFraction(s).divide(BigMath.pi().sqrt(MC), MC);
        });
    print(
        "tanhCorrection",
        "(tanh(x) / x - 1) / x^2 with t = x^2 in [0, 1/4], v = 8t - 1",
        1e-16,
        v -> {
          BigDecimal t = v.add(BigDecimal.ONE).divide(BigDecimal.valueOf(8), MC);
          BigDecimal x = t.sqrt(MC);
          return BigMath.tanh(x).divide(x, MC).subtract(BigDecimal.ONE).divide(t, MC);
        });
  }

  private static BigDecimal scaledErfc(BigDecimal x) {
    if (x.compareTo(TWO) >= 0) {
      return BigMath.erfcScaled(x);
    }
    BigDecimal erfc = BigDecimal.ONE.subtract(BigMath.erfSeries(x), MC);
    return erfc.multiply(BigMath.exp(x.multiply(x)), MC);
  }

  private static void print(
      String name, String what, double errorBound, UnaryOperator<BigDecimal> function) {
    BigDecimal[] chebyshev = chebyshevCoefficients(function);
    BigDecimal smallest = null;
    for (int k = 0; k < NODES; k++) {
      BigDecimal value = function.apply(node(k)).abs();
      smallest = smallest == null || value.compareTo(smallest) < 0 ? value : smallest;
    }
    int terms = NODES;
    BigDecimal dropped = BigDecimal.ZERO;
    // A negative error bound is absolute, a positive one relative to the smallest |f|.
    BigDecimal limit =
        errorBound < 0
            ? new BigDecimal(-errorBound)
            : smallest.multiply(new BigDecimal(errorBound));
    while (terms > 1 && dropped.add(chebyshev[terms - 1].abs()).compareTo(limit) < 0) {
      dropped = dropped.add(chebyshev[terms - 1].abs());
      terms--;
    }
    BigDecimal[] powers = toPowers(chebyshev, terms);
    double truncation =
        dropped.divide(errorBound < 0 ? BigDecimal.ONE : smallest, MC).doubleValue();
    String kind = errorBound < 0 ? "absolute" : "relative";
    System.out.printf(
        "%n  /** %s: %d terms, truncation error %.1e %s. */%n", what, terms, truncation, kind);
    System.out.printf("  private static double %s(double v) {%n", name);
    System.out.printf("    double p = %s;%n", powers[terms - 1].doubleValue());
    for (int i = terms - 2; i > 0; i--) {
      System.out.printf("    p = p * v %s;%n", signed(powers[i].doubleValue()));
    }
    System.out.printf("    return p * v %s;%n  }%n", signed(powers[0].doubleValue()));
  }

  /** "+ c" or "- |c|", with the shortest decimal that reads back as the same double. */
  private static String signed(double coefficient) {
    return (coefficient < 0 ? "- " : "+ ") + Math.abs(coefficient);
  }

  /** The k-th of the Chebyshev nodes cos(pi (k + 1/2) / N). */
  private static BigDecimal node(int k) {
    return BigMath.cos(angle(2 * k + 1));
  }

  /** pi m / (2N). */
  private static BigDecimal angle(int m) {
    return BigMath.pi().multiply(BigDecimal.valueOf(m)).divide(BigDecimal.valueOf(2L * NODES), MC);
  }

  /** c_j = (2/N) sum_k f(x_k) T_j(x_k), with T_j(x_k) = cos(pi j (2k + 1) / (2N)). */
  private static BigDecimal[] chebyshevCoefficients(UnaryOperator<BigDecimal> function) {
    BigDecimal[] cosines = new BigDecimal[4 * NODES];
    for (int m = 0; m < cosines.length; m++) {
      // Angles beyond pi are shifted by -2 pi so that the series argument stays within [-pi, pi].
      BigDecimal shift = m >= 2 * NODES ? BigMath.pi().multiply(TWO) : BigDecimal.ZERO;
      cosines[m] = BigMath.cos(angle(m).subtract(shift));
    }
    BigDecimal[] values = new BigDecimal[NODES];
    for (int k = 0; k < NODES; k++) {
      values[k] = function.apply(cosines[2 * k + 1]);
    }
    BigDecimal[] coefficients = new BigDecimal[NODES];
    for (int j = 0; j < NODES; j++) {
      BigDecimal sum = BigDecimal.ZERO;
      for (int k = 0; k < NODES; k++) {
        sum = sum.add(values[k].multiply(cosines[(j * (2 * k + 1)) % (4 * NODES)]), MC);
      }
      coefficients[j] = sum.multiply(TWO).divide(BigDecimal.valueOf(NODES), MC);
    }
    coefficients[0] = coefficients[0].divide(TWO, MC);
    return coefficients;
  }

  /** Sum of c_j T_j(v) for j < terms, rewritten exactly as sum of a_i v^i. */
  private static BigDecimal[] toPowers(BigDecimal[] chebyshev, int terms) {
    BigDecimal[] powers = new BigDecimal[terms];
    Arrays.fill(powers, BigDecimal.ZERO);
    BigDecimal[] previous = new BigDecimal[terms]; // T_{j-1}
    BigDecimal[] current = new BigDecimal[terms]; // T_j
    Arrays.fill(previous, BigDecimal.ZERO);
    Arrays.fill(current, BigDecimal.ZERO);
    current[0] = BigDecimal.ONE;
    for (int j = 0; j < terms; j++) {
      for (int i = 0; i <= j; i++) {
        powers[i] = powers[i].add(chebyshev[j].multiply(current[i]));
      }
      BigDecimal[] next = new BigDecimal[terms];
      for (int i = 0; i < terms; i++) {
        BigDecimal shifted = i == 0 ? BigDecimal.ZERO : current[i - 1];
        next[i] = (j == 0 ? shifted : shifted.multiply(TWO)).subtract(previous[i]);
      }
      previous = current;
      current = next;
    }
    return powers;
  }
}
