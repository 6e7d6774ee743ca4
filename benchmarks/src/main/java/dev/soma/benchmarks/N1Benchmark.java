package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN1Party;
import org.openjdk.jmh.annotations.Benchmark;

/** N1: 3-2(ReLU)-1(sigmoid), weights baked in as literals. */
public class N1Benchmark extends ForwardBenchmark {
  private SomaN1Party soma;

  @Override
  protected Mlp createSoma() {
    soma = new SomaN1Party();
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {3, 2, 1},
        new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.SIGMOID});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }

  /** The scalar form, {@code float attend(float, float, float)}: no arrays at all. */
  @Benchmark
  public float somaScalar() {
    return soma.attend(x[0], x[1], x[2]);
  }
}
