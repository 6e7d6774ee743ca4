package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN5Deep;

/** N5: eight 64-64(ReLU) layers. */
public class N5Benchmark extends ForwardBenchmark {
  private SomaN5Deep soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaN5Deep.random(42);
    return new Mlp(
        soma.weights(), soma.biases(), new int[] {64, 64, 64, 64, 64, 64, 64, 64, 64}, relus(8));
  }

  private static Activation.Kind[] relus(int layers) {
    Activation.Kind[] kinds = new Activation.Kind[layers];
    java.util.Arrays.fill(kinds, Activation.Kind.RELU);
    return kinds;
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
