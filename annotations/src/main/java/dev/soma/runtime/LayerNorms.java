package dev.soma.runtime;

/**
 * Layer normalisation for generated code: {@code y_i = (x_i - mean) / sqrt(var + epsilon) * gamma_i
 * + beta_i} over {@code n} features, with the biased variance (divided by {@code n}), as PyTorch's
 * {@code nn.LayerNorm} and ONNX's {@code LayerNormalization} compute it.
 *
 * <p>Float and double networks alike compute in double: the sum for the mean, then the sum of
 * squared deviations from it (two passes, so a large mean does not cancel the variance), then each
 * output, rounded once to the network's precision. The straight-line (unrolled) form writes the same
 * operations in the same order, so every forward form gives the same bits.
 */
public final class LayerNorms {
  private LayerNorms() {}

  /** Normalises {@code x[0..n)} into {@code y[0..n)}; {@code x} and {@code y} may be the same array. */
  public static void apply(float[] x, float[] y, int n, float[] gamma, float[] beta, double epsilon) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = x[i] - mean;
      squares += d * d;
    }
    double inverse = 1.0 / Math.sqrt(squares / n + epsilon);
    for (int i = 0; i < n; i++) {
      y[i] = (float) ((x[i] - mean) * inverse * gamma[i] + beta[i]);
    }
  }

  /** Normalises {@code x[0..n)} into {@code y[0..n)}; {@code x} and {@code y} may be the same array. */
  public static void apply(double[] x, double[] y, int n, double[] gamma, double[] beta, double epsilon) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = x[i] - mean;
      squares += d * d;
    }
    double inverse = 1.0 / Math.sqrt(squares / n + epsilon);
    for (int i = 0; i < n; i++) {
      y[i] = (x[i] - mean) * inverse * gamma[i] + beta[i];
    }
  }
}
