package app;

import dev.soma.Dense;
import dev.soma.Network;

/** The lecture's linear layer, every method form in double. */
@Network
@Dense(in = 3, out = 2, weights = {0.1, 0.4, 0.5, 0.2, 0.3, 0.6}, bias = {0.5, -0.1})
public interface Lecture {
  double[] z(double[] x);

  void z(double[] x, double[] out);

  int larger(double[] x);
}
