package dev.soma.examples.training;

import dev.soma.examples.math.LeastSquares;
import dev.soma.examples.math.Matrix;
import dev.soma.examples.math.SymmetricEigen;

/**
 * Finds points where the gradient vanishes: minima, maxima and saddles alike. Gradient descent
 * flees saddles; Newton-type steps on the equation {@code g(p) = 0} are attracted to any critical
 * point. This uses Levenberg-Marquardt steps {@code (H^2 + lambda I) s = -H g}, which minimise
 * {@code |g|^2} and converge to a critical point of any index. {@link #minimise} instead takes
 * damped Newton steps that must lower the loss, and so ends at minima.
 */
public final class CriticalPoints {
  private CriticalPoints() {}

  /** Where the search ended and the gradient's norm there. */
  public record Found(double[] parameters, double gradientNorm, int iterations) {}

  /**
   * Searches from {@code start} for at most {@code maxIterations} steps or until {@code |g| <
   * tolerance}.
   */
  public static Found search(
      Objective objective, double[] start, int maxIterations, double tolerance) {
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
        double[] candidate = Matrix.add(p, solveShifted(h2, lambda, hg));
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

  /**
   * Damped Newton descent: steps {@code (H + mu I) s = -g} with {@code mu} large enough that {@code
   * H + mu I} is positive definite, accepted only when the loss falls. Ends at a minimum.
   */
  public static Found minimise(
      Objective objective, double[] start, int maxIterations, double tolerance) {
    double[] p = start.clone();
    double value = objective.loss(p);
    double[] g = objective.gradient(p);
    double norm = Matrix.norm(g);
    double extra = 1e-3;
    int iteration = 0;
    while (iteration < maxIterations && norm > tolerance) {
      iteration++;
      double[][] h = objective.hessian(p);
      double lowest = SymmetricEigen.values(h)[0];
      boolean improved = false;
      for (int attempt = 0; attempt < 20 && !improved; attempt++) {
        double mu = Math.max(0, -lowest) + extra;
        double[] candidate = Matrix.add(p, solveShifted(h, mu, g));
        double candidateValue = objective.loss(candidate);
        if (candidateValue < value) {
          p = candidate;
          value = candidateValue;
          g = objective.gradient(p);
          norm = Matrix.norm(g);
          extra = Math.max(extra / 4, 1e-10);
          improved = true;
        } else {
          extra *= 4;
        }
      }
      if (!improved) {
        break;
      }
    }
    return new Found(p, norm, iteration);
  }

  /** The step {@code s} with {@code (m + shift I) s = -v}. */
  private static double[] solveShifted(double[][] m, double shift, double[] v) {
    double[][] system = new double[v.length][];
    double[] rhs = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      system[i] = m[i].clone();
      system[i][i] += shift;
      rhs[i] = -v[i];
    }
    return LeastSquares.solve(system, rhs);
  }
}
