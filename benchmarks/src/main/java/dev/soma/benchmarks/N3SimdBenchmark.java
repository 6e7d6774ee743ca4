package dev.soma.benchmarks;

import dev.soma.benchmarks.nets.SomaN3WideSimd;
import org.openjdk.jmh.annotations.Fork;

/**
 * N3 with the SIMD backend, {@code @Network(simd = true)}: 784-512(ReLU)-512(ReLU)-10. Its forks
 * run with {@code --add-modules=jdk.incubator.vector}; compare its {@code soma} row with {@link
 * N3Benchmark}'s.
 */
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class N3SimdBenchmark extends ForwardBenchmark {
  private SomaN3WideSimd soma;

  @Override
  protected Mlp createSoma() {
    soma = SomaN3WideSimd.random(42);
    return N3Benchmark.mlp(soma.weights(), soma.biases());
  }

  @Override
  protected void runSoma(float[] input, float[] output) {
    soma.forward(input, output);
  }
}
