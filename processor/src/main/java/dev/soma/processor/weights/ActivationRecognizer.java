package dev.soma.processor.weights;

import dev.soma.Activation.Kind;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Names the activation a scalar function computes, by comparing it with each supported activation
 * at sample points from -20 to 20. Exporters spell one activation as many small graphs (erf-based
 * GELU as Div, Erf, Add, Mul, Mul in varying orders; SiLU as Sigmoid and Mul); evaluating the graph
 * recognises all spellings alike. Graph constants are float32, so values agree to about 1e-7
 * relative; the tolerance of 1e-6 still separates every pair of candidates (the closest, GELU and
 * its tanh approximation, differ by more than 1e-4).
 */
final class ActivationRecognizer {
  private static final double TOLERANCE = 1e-6;
  private static final double[] SAMPLES = samples();

  private ActivationRecognizer() {}

  /** An activation and, for {@link Kind#LEAKY_RELU}, its slope. */
  record Recognized(Kind kind, double alpha) {}

  private static double[] samples() {
    double[] xs = new double[2 * 80 + 1 + 6];
    int n = 0;
    for (int k = -80; k <= 80; k++) {
      xs[n++] = k / 10.0 + 0.0123; // avoid hitting only round numbers
    }
    for (double x : new double[] {-20, -12, -1e-3, 1e-3, 12, 20}) {
      xs[n++] = x;
    }
    return xs;
  }

  /** The activation {@code f} computes, if it is one of the supported ones. */
  static Optional<Recognized> recognize(DoubleUnaryOperator f) {
    double slope = -f.applyAsDouble(-1.0); // f(-1) = -alpha for leaky ReLU
    for (Kind kind : Kind.values()) {
      double alpha = kind == Kind.LEAKY_RELU ? slope : 0;
      if (kind != Kind.SOFTMAX && kind != Kind.STEP && matches(f, kind, alpha)) {
        return Optional.of(new Recognized(kind, alpha));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(DoubleUnaryOperator f, Kind kind, double alpha) {
    for (double x : SAMPLES) {
      double expected = apply(kind, alpha, x);
      double actual = f.applyAsDouble(x);
      if (!(Math.abs(actual - expected) <= TOLERANCE * (1 + Math.abs(expected)))) {
        return false;
      }
    }
    return true;
  }

  /** The element-wise activation {@code kind} at {@code x}, in double precision. */
  static double apply(Kind kind, double alpha, double x) {
    return switch (kind) {
      case IDENTITY -> x;
      case STEP -> x > 0 ? 1 : 0;
      case SIGMOID -> sigmoid(x);
      case TANH -> Math.tanh(x);
      case RELU -> Math.max(0, x);
      case LEAKY_RELU -> x > 0 ? x : alpha * x;
      case SWISH -> x * sigmoid(x);
      case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
      case GELU_TANH ->
          0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
      case SOFTMAX -> throw new IllegalArgumentException("softmax is not element-wise");
    };
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /**
   * The error function, with absolute error below 1.2e-7 (Numerical Recipes' {@code erfcc}
   * Chebyshev fit): enough to tell activations apart, not for generated code.
   */
  static double erf(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double poly =
        -z * z
            - 1.26551223
            + t
                * (1.00002368
                    + t
                        * (0.37409196
                            + t
                                * (0.09678418
                                    + t
                                        * (-0.18628806
                                            + t
                                                * (0.27886807
                                                    + t
                                                        * (-1.13520398
                                                            + t
                                                                * (1.48851587
                                                                    + t
                                                                        * (-0.82215223
                                                                            + t
                                                                                * 0.17087277))))))));
    double erfc = t * Math.exp(poly);
    return x >= 0 ? 1 - erfc : erfc - 1;
  }
}
