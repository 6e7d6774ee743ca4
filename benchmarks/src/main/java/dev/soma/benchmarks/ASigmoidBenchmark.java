package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaASigmoid;

/** Activation cost: 256-512(Sigmoid)-10. */
public class ASigmoidBenchmark extends ForwardBenchmark {
  private SomaASigmoid soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaASigmoid.random(42);
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {256, 512, 10},
        new Activation.Kind[] {Activation.Kind.SIGMOID, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
