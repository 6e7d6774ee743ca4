package dev.soma.processor.testing;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Activation functions computed independently of the runtime: straight from their definitions, in
 * double, with erf from its Taylor series in 60-digit {@link BigDecimal} arithmetic.
 */
public final class ReferenceMath {
  private static final MathContext PRECISION = new MathContext(60);

  private ReferenceMath() {}

  /** erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1)), summed until the terms vanish. */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (Math.abs(x) > 6.5) {
      return Math.signum(x); // 1 - erf(6.5) < 1e-19, below half an ulp of 1
    }
    BigDecimal z = new BigDecimal(x);
    BigDecimal z2 = z.multiply(z, PRECISION);
    BigDecimal power = z; // x^(2n+1) / n!, with sign
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal epsilon = new BigDecimal("1e-40");
    for (int n = 0; n < 2000; n++) {
      BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), PRECISION);
      sum = sum.add(term, PRECISION);
      if (term.abs().compareTo(epsilon) < 0) {
        break;
      }
      power = power.multiply(z2, PRECISION).divide(BigDecimal.valueOf(n + 1L), PRECISION).negate();
    }
    BigDecimal twoOverSqrtPi = new BigDecimal("1.12837916709551257389615890312154517168810125865799771368817");
    return sum.multiply(twoOverSqrtPi, PRECISION).doubleValue();
  }

  /** Phi(z) = (1 + erf(z / sqrt 2)) / 2, through erfc's continued fraction in the far left tail. */
  public static double normalCdf(double z) {
    if (z < -4) {
      return erfc(-z / Math.sqrt(2)) / 2;
    }
    return (1 + erf(z / Math.sqrt(2))) / 2;
  }

  /**
   * erfc(x) for x >= 2 from the continued fraction erfc(x) = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x +
   * 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated from the bottom with 300 levels.
   */
  static double erfc(double x) {
    double fraction = x;
    for (int k = 300; k >= 1; k--) {
      fraction = x + (k / 2.0) / fraction;
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / fraction;
  }

  public static double apply(String kind, double z, double alpha) {
    switch (kind) {
      case "IDENTITY":
        return z;
      case "STEP":
        return Double.isNaN(z) ? Double.NaN : z > 0 ? 1 : 0;
      case "SIGMOID":
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
      case "TANH":
        return Math.tanh(z);
      case "RELU":
        return Double.isNaN(z) ? Double.NaN : z > 0 ? z : 0;
      case "LEAKY_RELU":
        return Double.isNaN(z) ? Double.NaN : z > 0 ? z : alpha * z;
      case "SWISH":
        return z * apply("SIGMOID", z, alpha);
      case "GELU":
        return z * normalCdf(z);
      case "GELU_TANH":
        // 1 + tanh(u) = 2 sigmoid(2u), which keeps its precision where tanh(u) rounds to -1
        double u = Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z);
        return z * apply("SIGMOID", 2 * u, alpha);
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  /** Softmax by its definition with the maximum subtracted. */
  public static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double[] e = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      e[i] = Math.exp(z[i] - max);
      sum += e[i];
    }
    for (int i = 0; i < z.length; i++) {
      e[i] /= sum;
    }
    return e;
  }

  /**
   * LayerNorm from its definition: {@code (h - mean) / sqrt(variance + epsilon) * gamma + beta},
   * mean and (biased) variance over the features of {@code h}.
   */
  public static double[] layerNorm(
      double[] h, double epsilon, java.util.function.IntToDoubleFunction gamma, java.util.function.IntToDoubleFunction beta) {
    int n = h.length;
    double mean = 0;
    for (double v : h) {
      mean += v / n;
    }
    double variance = 0;
    for (double v : h) {
      variance += (v - mean) * (v - mean) / n;
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = (h[i] - mean) / Math.sqrt(variance + epsilon) * gamma.applyAsDouble(i) + beta.applyAsDouble(i);
    }
    return y;
  }
}
