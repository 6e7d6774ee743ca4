package dev.soma.spark.bench;

import static dev.soma.Activation.Kind.SIGMOID;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Dense;
import dev.soma.Network;

/** 784-128 sigmoid-10 softmax: the activations Spark ML's multilayer perceptron supports. */
@Network
@Dense(in = 784, out = 128, activation = SIGMOID)
@Dense(in = 128, out = 10, activation = SOFTMAX)
public interface Mlp128 {
  void probabilities(float[][] images, float[][] probabilities);

  float[] probabilities(float[] image);
}
