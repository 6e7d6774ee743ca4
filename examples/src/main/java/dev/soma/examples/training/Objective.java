package dev.soma.examples.training;

/**
 * A loss as a function of a flat parameter vector. The gradient and Hessian default to central
 * finite differences, which is accurate enough (about 1e-10 and 1e-7) for the tour's tiny networks;
 * a trainer with back-propagation can override them.
 */
public interface Objective {
  /** Step of the central-difference gradient. */
  double GRADIENT_STEP = 1e-5;

  /** Step of the second differences of the Hessian. */
  double HESSIAN_STEP = 1e-4;

  /** Number of parameters. */
  int dimension();

  /** The loss at {@code p}. */
  double loss(double[] p);

  /** The gradient at {@code p}: {@code (L(p + h e_i) - L(p - h e_i)) / 2h}. */
  default double[] gradient(double[] p) {
    double[] g = new double[p.length];
    double[] q = p.clone();
    for (int i = 0; i < p.length; i++) {
      q[i] = p[i] + GRADIENT_STEP;
      double plus = loss(q);
      q[i] = p[i] - GRADIENT_STEP;
      double minus = loss(q);
      q[i] = p[i];
      g[i] = (plus - minus) / (2 * GRADIENT_STEP);
    }
    return g;
  }

  /**
   * The Hessian at {@code p} by second differences: {@code H_ij = (L(++) - L(+-) - L(-+) + L(--)) /
   * 4h^2}, where the signs are the shifts by {@code h} along {@code e_i} and {@code e_j}.
   */
  default double[][] hessian(double[] p) {
    int n = p.length;
    double h = HESSIAN_STEP;
    double[][] hess = new double[n][n];
    double[] q = p.clone();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = 0;
        for (int si = -1; si <= 1; si += 2) {
          for (int sj = -1; sj <= 1; sj += 2) {
            q[i] += si * h;
            q[j] += sj * h;
            sum += si * sj * loss(q);
            q[i] = p[i];
            q[j] = p[j];
          }
        }
        hess[i][j] = sum / (4 * h * h);
        hess[j][i] = hess[i][j];
      }
    }
    return hess;
  }
}
