package dev.soma.runtime;

import java.util.SplittableRandom;

/**
 * Seeded random initial weights, row-major {@code out x in}. Normal samples come from the
 * Box-Muller transform over {@link SplittableRandom#nextDouble()}, whose sequence is specified, so a
 * seed gives the same weights on every JVM.
 */
public final class Init {
  private Init() {}

  /** He (Kaiming) initialisation for ReLU-like layers: normal with variance {@code 2 / in}. */
  public static double[] he(SplittableRandom random, int in, int out) {
    return normal(random, (long) in * out, Math.sqrt(2.0 / in));
  }

  /** Xavier (Glorot) initialisation: normal with variance {@code 2 / (in + out)}. */
  public static double[] xavier(SplittableRandom random, int in, int out) {
    return normal(random, (long) in * out, Math.sqrt(2.0 / (in + out)));
  }

  /** {@code count} normal samples with mean 0 and standard deviation {@code sigma}. */
  public static double[] normal(SplittableRandom random, long count, double sigma) {
    double[] values = new double[Math.toIntExact(count)];
    for (int k = 0; k < values.length; k += 2) {
      double u1 = 1.0 - random.nextDouble(); // in (0, 1]: log is finite
      double u2 = random.nextDouble();
      double radius = sigma * Math.sqrt(-2.0 * Math.log(u1));
      values[k] = radius * Math.cos(2 * Math.PI * u2);
      if (k + 1 < values.length) {
        values[k + 1] = radius * Math.sin(2 * Math.PI * u2);
      }
    }
    return values;
  }

  /** {@code count} ones: a LayerNorm's initial gamma, which leaves the normalised values as they are. */
  public static double[] ones(int count) {
    double[] values = new double[count];
    java.util.Arrays.fill(values, 1.0);
    return values;
  }

  /** {@code values} rounded to float. */
  public static float[] floats(double[] values) {
    float[] floats = new float[values.length];
    for (int k = 0; k < values.length; k++) {
      floats[k] = (float) values[k];
    }
    return floats;
  }
}
