package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN3Wide;

/** N3: 784-512(ReLU)-512(ReLU)-10. */
public class N3Benchmark extends ForwardBenchmark {
  private SomaN3Wide soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaN3Wide.random(42);
    return mlp(soma.weights(), soma.biases());
  }

  /** N3's shape and activations with the given parameters, for the interpreter and ONNX Runtime. */
  static Mlp mlp(float[][] weights, float[][] biases) {
    return new Mlp(
        weights,
        biases,
        new int[] {784, 512, 512, 10},
        new Activation.Kind[] {
          Activation.Kind.RELU, Activation.Kind.RELU, Activation.Kind.IDENTITY
        });
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
