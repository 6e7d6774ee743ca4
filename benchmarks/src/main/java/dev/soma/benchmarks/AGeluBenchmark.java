package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaAGelu;

/** Activation cost: 256-512(Gelu)-10. */
public class AGeluBenchmark extends ForwardBenchmark {
  private SomaAGelu soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaAGelu.random(42);
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {256, 512, 10},
        new Activation.Kind[] {Activation.Kind.GELU, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
