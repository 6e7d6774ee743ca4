package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN4Approximator;

/** N4: 1-1024(ReLU)-1. */
public class N4Benchmark extends ForwardBenchmark {
  private SomaN4Approximator soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaN4Approximator.random(42);
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {1, 1024, 1},
        new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
