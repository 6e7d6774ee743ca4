package dev.soma.benchmarks;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused multiply-add peak of one core as the Vector API reaches it: {@value #CHAINS}
 * independent chains of {@code m * a + c} on vectors held in registers, no memory traffic. A core
 * overlaps as many FMAs as its FMA units times their latency (2 x 4 on recent x86), so 16 chains
 * keep every unit busy. {@link PeakFlopsBenchmark}'s auto-vectorised loops measure less than the
 * batched kernel reaches on some CPUs (BENCHMARKS.md, "SIMD batched kernel"); this is the bound
 * the kernel's GFLOP/s are compared with. {@code fma512} uses 512-bit vectors, {@code fma256}
 * 256-bit ones: read the one that matches the CPU (512 on AVX-512; on AVX2 the 512-bit one is
 * emulated and meaningless). Scores are GFLOP/s (two per multiply-add and lane).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class VectorPeakBenchmark {
  /** Independent multiply-add chains. */
  private static final int CHAINS = 16;

  /** Multiply-adds per chain and call. */
  private static final int ROUNDS = 1000;

  // x -> 0.5 x + 0.25 converges: values stay finite and normal
  private float multiplier = 0.5f;
  private float addend = 0.25f;

  @Benchmark
  @OperationsPerInvocation(ROUNDS * CHAINS * 16 * 2)
  public float fma512() {
    FloatVector a0 = FloatVector.broadcast(FloatVector.SPECIES_512, 1 * 1e-3f);
    FloatVector a1 = FloatVector.broadcast(FloatVector.SPECIES_512, 2 * 1e-3f);
    FloatVector a2 = FloatVector.broadcast(FloatVector.SPECIES_512, 3 * 1e-3f);
    FloatVector a3 = FloatVector.broadcast(FloatVector.SPECIES_512, 4 * 1e-3f);
    FloatVector a4 = FloatVector.broadcast(FloatVector.SPECIES_512, 5 * 1e-3f);
    FloatVector a5 = FloatVector.broadcast(FloatVector.SPECIES_512, 6 * 1e-3f);
    FloatVector a6 = FloatVector.broadcast(FloatVector.SPECIES_512, 7 * 1e-3f);
    FloatVector a7 = FloatVector.broadcast(FloatVector.SPECIES_512, 8 * 1e-3f);
    FloatVector a8 = FloatVector.broadcast(FloatVector.SPECIES_512, 9 * 1e-3f);
    FloatVector a9 = FloatVector.broadcast(FloatVector.SPECIES_512, 10 * 1e-3f);
    FloatVector a10 = FloatVector.broadcast(FloatVector.SPECIES_512, 11 * 1e-3f);
    FloatVector a11 = FloatVector.broadcast(FloatVector.SPECIES_512, 12 * 1e-3f);
    FloatVector a12 = FloatVector.broadcast(FloatVector.SPECIES_512, 13 * 1e-3f);
    FloatVector a13 = FloatVector.broadcast(FloatVector.SPECIES_512, 14 * 1e-3f);
    FloatVector a14 = FloatVector.broadcast(FloatVector.SPECIES_512, 15 * 1e-3f);
    FloatVector a15 = FloatVector.broadcast(FloatVector.SPECIES_512, 16 * 1e-3f);
    FloatVector m = FloatVector.broadcast(FloatVector.SPECIES_512, multiplier);
    FloatVector c = FloatVector.broadcast(FloatVector.SPECIES_512, addend);
    for (int r = 0; r < ROUNDS; r++) {
      a0 = m.fma(a0, c);
      a1 = m.fma(a1, c);
      a2 = m.fma(a2, c);
      a3 = m.fma(a3, c);
      a4 = m.fma(a4, c);
      a5 = m.fma(a5, c);
      a6 = m.fma(a6, c);
      a7 = m.fma(a7, c);
      a8 = m.fma(a8, c);
      a9 = m.fma(a9, c);
      a10 = m.fma(a10, c);
      a11 = m.fma(a11, c);
      a12 = m.fma(a12, c);
      a13 = m.fma(a13, c);
      a14 = m.fma(a14, c);
      a15 = m.fma(a15, c);
    }
    return a0.lane(0) + a1.lane(0) + a2.lane(0) + a3.lane(0)
        + a4.lane(0) + a5.lane(0) + a6.lane(0) + a7.lane(0)
        + a8.lane(0) + a9.lane(0) + a10.lane(0) + a11.lane(0)
        + a12.lane(0) + a13.lane(0) + a14.lane(0) + a15.lane(0);
  }

  @Benchmark
  @OperationsPerInvocation(ROUNDS * CHAINS * 8 * 2)
  public float fma256() {
    FloatVector a0 = FloatVector.broadcast(FloatVector.SPECIES_256, 1 * 1e-3f);
    FloatVector a1 = FloatVector.broadcast(FloatVector.SPECIES_256, 2 * 1e-3f);
    FloatVector a2 = FloatVector.broadcast(FloatVector.SPECIES_256, 3 * 1e-3f);
    FloatVector a3 = FloatVector.broadcast(FloatVector.SPECIES_256, 4 * 1e-3f);
    FloatVector a4 = FloatVector.broadcast(FloatVector.SPECIES_256, 5 * 1e-3f);
    FloatVector a5 = FloatVector.broadcast(FloatVector.SPECIES_256, 6 * 1e-3f);
    FloatVector a6 = FloatVector.broadcast(FloatVector.SPECIES_256, 7 * 1e-3f);
    FloatVector a7 = FloatVector.broadcast(FloatVector.SPECIES_256, 8 * 1e-3f);
    FloatVector a8 = FloatVector.broadcast(FloatVector.SPECIES_256, 9 * 1e-3f);
    FloatVector a9 = FloatVector.broadcast(FloatVector.SPECIES_256, 10 * 1e-3f);
    FloatVector a10 = FloatVector.broadcast(FloatVector.SPECIES_256, 11 * 1e-3f);
    FloatVector a11 = FloatVector.broadcast(FloatVector.SPECIES_256, 12 * 1e-3f);
    FloatVector a12 = FloatVector.broadcast(FloatVector.SPECIES_256, 13 * 1e-3f);
    FloatVector a13 = FloatVector.broadcast(FloatVector.SPECIES_256, 14 * 1e-3f);
    FloatVector a14 = FloatVector.broadcast(FloatVector.SPECIES_256, 15 * 1e-3f);
    FloatVector a15 = FloatVector.broadcast(FloatVector.SPECIES_256, 16 * 1e-3f);
    FloatVector m = FloatVector.broadcast(FloatVector.SPECIES_256, multiplier);
    FloatVector c = FloatVector.broadcast(FloatVector.SPECIES_256, addend);
    for (int r = 0; r < ROUNDS; r++) {
      a0 = m.fma(a0, c);
      a1 = m.fma(a1, c);
      a2 = m.fma(a2, c);
      a3 = m.fma(a3, c);
      a4 = m.fma(a4, c);
      a5 = m.fma(a5, c);
      a6 = m.fma(a6, c);
      a7 = m.fma(a7, c);
      a8 = m.fma(a8, c);
      a9 = m.fma(a9, c);
      a10 = m.fma(a10, c);
      a11 = m.fma(a11, c);
      a12 = m.fma(a12, c);
      a13 = m.fma(a13, c);
      a14 = m.fma(a14, c);
      a15 = m.fma(a15, c);
    }
    return a0.lane(0) + a1.lane(0) + a2.lane(0) + a3.lane(0)
        + a4.lane(0) + a5.lane(0) + a6.lane(0) + a7.lane(0)
        + a8.lane(0) + a9.lane(0) + a10.lane(0) + a11.lane(0)
        + a12.lane(0) + a13.lane(0) + a14.lane(0) + a15.lane(0);
  }
}
