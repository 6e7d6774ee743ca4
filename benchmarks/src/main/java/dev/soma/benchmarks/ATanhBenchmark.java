package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaATanh;

/** Activation cost: 256-512(Tanh)-10. */
public class ATanhBenchmark extends ForwardBenchmark {
  private SomaATanh soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaATanh.random(42);
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {256, 512, 10},
        new Activation.Kind[] {Activation.Kind.TANH, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
