package dev.soma.spark;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/** 784-32 relu-10 softmax with baked weights (random, seeded, in digits32.safetensors). */
@Network(weights = "digits32.safetensors")
@Dense(in = 784, out = 32, name = "fc1")
@Activation(RELU)
@Dense(in = 32, out = 10, name = "fc2")
@Activation(SOFTMAX)
public interface Digits32 {
  void scores(float[][] xs, float[][] ys);

  float[] scores(float[] x);

  int digit(float[] x);
}
