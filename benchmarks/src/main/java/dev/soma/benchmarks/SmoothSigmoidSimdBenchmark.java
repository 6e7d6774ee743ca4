package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaSmoothSigmoidSimd;
import org.openjdk.jmh.annotations.Fork;

/**
 * 784-512(Sigmoid)-512(Sigmoid)-10 at batch 1, {@code @Network(simd = true, activations = FAST)}: the
 * activations run lane-wise; compare its {@code soma} row with {@code ortOneThread}.
 */
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SmoothSigmoidSimdBenchmark extends ForwardBenchmark {
  private SomaSmoothSigmoidSimd soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaSmoothSigmoidSimd.random(42);
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {784, 512, 512, 10},
        new Activation.Kind[] {Activation.Kind.SIGMOID, Activation.Kind.SIGMOID, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
