package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN2Mnist;

/** N2: 784-128(ReLU)-10. */
public class N2Benchmark extends ForwardBenchmark {
  private SomaN2Mnist soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaN2Mnist.random(42);
    return mlp(soma.weights(), soma.biases());
  }

  /** N2's shape and activations with the given parameters, for the interpreter and ONNX Runtime. */
  static Mlp mlp(float[][] weights, float[][] biases) {
    return new Mlp(
        weights,
        biases,
        new int[] {784, 128, 10},
        new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
