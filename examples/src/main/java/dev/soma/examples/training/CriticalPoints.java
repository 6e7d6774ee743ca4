package dev.soma.examples.training;

import dev.soma.examples.math.LeastSquares;
import dev.soma.examples.math.Matrix;

/**
 * Finds points where the gradient vanishes: minima, maxima and saddles alike. Gradient descent
 * flees saddles; Newton-type steps on the equation {@code g(p) = 0} are attracted to any critical
 * point. This uses Levenberg-Marquardt steps {@code (H^2 + lambda I) s = -H g}, which minimise
 * {@code |g|^2} and converge to a critical point of any index.
 */
public final class CriticalPoints {
  private CriticalPoints() {}

  /** Where the search ended and the gradient's norm there. */
  public record Found(double[] parameters, double gradientNorm, int iterations) {}

  /** Searches from {@code start} for at most {@code maxIterations} steps or until {@code |g| < tolerance}. */
  public static Found search(Objective objective, double[] start, int maxIterations, double tolerance) {
    double[] p = start.clone();
    double[] g = objective.gradient(p);
    double norm = Matrix.norm(g);
    double lambda = 1e-3;
    int iteration = 0;
    while (iteration < maxIterations && norm > tolerance) {
      iteration++;
      double[][] h = objective.hessian(p);
      double[][] h2 = Matrix.multiply(h, h);
      double[] hg = Matrix.apply(h, g);
      boolean improved = false;
      for (int attempt = 0; attempt < 12 && !improved; attempt++) {
        double[][] system = new double[p.length][];
        double[] rhs = new double[p.length];
        for (int i = 0; i < p.length; i++) {
          system[i] = h2[i].clone();
          system[i][i] += lambda;
          rhs[i] = -hg[i];
        }
        double[] candidate = Matrix.add(p, LeastSquares.solve(system, rhs));
        double[] candidateGradient = objective.gradient(candidate);
        double candidateNorm = Matrix.norm(candidateGradient);
        if (candidateNorm < norm) {
          p = candidate;
          g = candidateGradient;
          norm = candidateNorm;
          lambda = Math.max(lambda / 3, 1e-12);
          improved = true;
        } else {
          lambda *= 4;
        }
      }
      if (!improved) {
        break;
      }
    }
    return new Found(p, norm, iteration);
  }
}
