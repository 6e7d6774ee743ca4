package dev.soma.benchmarks;

import dev.soma.benchmarks.nets.SomaN2MnistSimd;
import org.openjdk.jmh.annotations.Fork;

/**
 * N2 with the SIMD backend, {@code @Network(simd = true)}: 784-128(ReLU)-10. Its forks run with
 * {@code --add-modules=jdk.incubator.vector}; compare its {@code soma} row with {@link
 * N2Benchmark}'s.
 */
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class N2SimdBenchmark extends ForwardBenchmark {
  private SomaN2MnistSimd soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaN2MnistSimd.random(42);
    return N2Benchmark.mlp(soma.weights(), soma.biases());
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
