package dev.soma.examples.training;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * A multi-layer perceptron for Fashion-MNIST: 784 pixels, 256 ReLU units, 10 classes. Declared
 * {@code trainable}, so {@code SomaFashionMlpTrainer} is generated beside {@code SomaFashionMlp}.
 */
@Network(trainable = true)
@Dense(in = 784, out = 256)
@Activation(RELU)
@Dense(in = 256, out = 10)
@Activation(SOFTMAX)
public interface FashionMlp {
  float[] probabilities(float[] image);

  int classify(float[] image);
}
