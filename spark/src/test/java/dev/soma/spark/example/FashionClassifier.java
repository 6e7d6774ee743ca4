package dev.soma.spark.example;

import static dev.soma.Activation.Kind.RELU;
import static dev.soma.Activation.Kind.SOFTMAX;

import dev.soma.Dense;
import dev.soma.Network;

/** The example's network: 784-64 relu-10 softmax, trained in Java, scored on Spark. */
@Network(trainable = true)
@Dense(in = 784, out = 64, activation = RELU)
@Dense(in = 64, out = 10, activation = SOFTMAX)
public interface FashionClassifier {
  /** The batched form the transformer feeds blocks of rows through. */
  void probabilities(float[][] images, float[][] probabilities);

  /** The class, for the SQL function. */
  int classify(float[] image);
}
