package dev.soma.benchmarks.nets;

import dev.soma.Activation;
import dev.soma.Activation.Kind;
import dev.soma.Dense;
import dev.soma.Network;
import dev.soma.Storage;

/**
 * N2 (784-128-10) and N3 (784-512-512-10) with BF16 and INT8 storage and {@code simd = true}, the
 * batched form beside the single-input one, for {@code StorageBatchBenchmark}; the F32 versions are
 * {@link N2BatchSimd} and {@link N3BatchSimd}.
 */
public final class StorageBatchNets {
  private StorageBatchNets() {}

  @Network(storage = Storage.BF16, simd = true)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  public interface N2Bf16 {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 784, out = 128) @Activation(Kind.RELU)
  @Dense(in = 128, out = 10)
  public interface N2Int8 {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(storage = Storage.BF16, simd = true)
  @Dense(in = 784, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 10)
  public interface N3Bf16 {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }

  @Network(storage = Storage.INT8, simd = true)
  @Dense(in = 784, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 512) @Activation(Kind.RELU)
  @Dense(in = 512, out = 10)
  public interface N3Int8 {
    void forward(float[] x, float[] y);

    void forward(float[][] xs, float[][] ys);
  }
}
