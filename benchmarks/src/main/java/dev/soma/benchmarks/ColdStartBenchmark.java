package dev.soma.benchmarks;

import ai.onnxruntime.OrtException;
import dev.soma.Activation;
import dev.soma.benchmarks.nets.SomaN1Party;
import dev.soma.benchmarks.nets.SomaN2Mnist;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start: the time of the first 1,000 calls in a fresh JVM, one measurement per fork with no
 * warm-up, so the interpreter and the JIT compilers' work is in the number. Creating the network
 * (and the ONNX Runtime session) happens in set-up and is not timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = ColdStartBenchmark.CALLS)
@Fork(10)
public class ColdStartBenchmark {
  static final int CALLS = 1000;

  /** A forward pass under test. */
  private interface Forward {
    void run(float[] x, float[] y) throws OrtException;
  }

  @Param({"N1", "N2"})
  public String network;

  @Param({"soma", "interpreter", "ortOneThread"})
  public String implementation;

  private float[] x;
  private float[] y;
  private Forward forward;
  private OrtRunner ort;

  @Setup
  public void setUp() throws OrtException {
    Mlp mlp;
    Forward soma;
    if (network.equals("N1")) {
      SomaN1Party n1 = new SomaN1Party();
      soma = n1::forward;
      mlp =
          new Mlp(
              n1.weights(),
              n1.biases(),
              new int[] {3, 2, 1},
              new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.SIGMOID});
    } else {
      SomaN2Mnist n2 = SomaN2Mnist.random(42);
      soma = n2::forward;
      mlp =
          new Mlp(
              n2.weights(),
              n2.biases(),
              new int[] {784, 128, 10},
              new Activation.Kind[] {Activation.Kind.RELU, Activation.Kind.IDENTITY});
    }
    x = new float[mlp.inputs()];
    java.util.Arrays.fill(x, 0.5f);
    y = new float[mlp.outputs()];
    switch (implementation) {
      case "soma":
        forward = soma;
        break;
      case "interpreter":
        forward = new PlainInterpreter(mlp)::forward;
        break;
      case "ortOneThread":
        ort = new OrtRunner(mlp, 1);
        forward = ort::forward;
        break;
      default:
        throw new IllegalArgumentException(implementation);
    }
  }

  @TearDown
  public void tearDown() throws OrtException {
    if (ort != null) {
      ort.close();
    }
  }

  /** One call; JMH times {@value #CALLS} of them as one shot. */
  @Benchmark
  public float[] call() throws OrtException {
    forward.run(x, y);
    return y;
  }
}
