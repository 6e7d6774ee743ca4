package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaARelu;

/** Activation cost: 256-512(Relu)-10. */
public class AReluBenchmark extends ForwardBenchmark {
  private SomaARelu soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaARelu.random(42);
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {256, 512, 10},
        new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
