package dev.soma.benchmarks;

import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaSmoothGeluSimd;
import org.openjdk.jmh.annotations.Fork;

/**
 * 784-512(Gelu)-512(Gelu)-10 at batch 1, {@code @Network(simd = true, activations = FAST)}: the
 * activations run lane-wise; compare its {@code soma} row with {@code ortOneThread}.
 */
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SmoothGeluSimdBenchmark extends ForwardBenchmark {
  private SomaSmoothGeluSimd soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaSmoothGeluSimd.random(42);
    return new Mlp(
        soma.weights(),
        soma.biases(),
        new int[] {784, 512, 512, 10},
        new Activation.Kind[] {Activation.Kind.GELU, Activation.Kind.GELU, Activation.Kind.IDENTITY});
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
