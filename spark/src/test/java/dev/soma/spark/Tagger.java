package dev.soma.spark;

import static dev.soma.Activation.Kind.SOFTMAX;
import static dev.soma.Activation.Kind.TANH;

import dev.soma.Dense;
import dev.soma.Network;

/** 784-16 tanh-4 softmax with weights given at run time; no batched form (one call per row). */
@Network
@Dense(in = 784, out = 16, activation = TANH)
@Dense(in = 16, out = 4, activation = SOFTMAX)
public interface Tagger {
  void tag(float[] x, float[] y);

  int best(float[] x);
}
