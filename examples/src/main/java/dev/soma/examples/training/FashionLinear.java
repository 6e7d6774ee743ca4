package dev.soma.examples.training;

import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Activation;
import dev.soma.Dense;
import dev.soma.Network;

/**
 * Multinomial logistic regression on Fashion-MNIST: one linear layer and softmax. Declared
 * {@code trainable}, so {@code SomaFashionLinearTrainer} is generated beside {@code SomaFashionLinear}.
 */
@Network(trainable = true)
@Dense(in = 784, out = 10)
@Activation(SOFTMAX)
public interface FashionLinear {
  float[] probabilities(float[] image);

  int classify(float[] image);
}
