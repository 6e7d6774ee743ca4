package dev.soma.examples.networks;

import dev.soma.Dense;
import dev.soma.Network;

/** A linear model of two inputs, {@code w1 a + w2 b + c}, with weights given at run time. */
@Network
@Dense(in = 2, out = 1)
public interface LinearModel2 {
  /** The model's output. */
  double at(double a, double b);
}
