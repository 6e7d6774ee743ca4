package dev.soma;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How far a network with smaller weight storage ({@code @Network(storage = INT8)}, BF16, F16)
 * strays from its float original on the user's own inputs:
 *
 * <pre>{@code
 * StorageComparison c = StorageComparison.of(new SomaDigitsF32()::apply, new SomaDigitsInt8()::apply, inputs);
 * System.out.println(c); // largest and mean output difference, argmax agreement
 * }</pre>
 *
 * <p>Both functions get each input row (a copy, so neither can disturb the other) and return that
 * row's outputs; the differences are taken in double over every output of every row.
 *
 * @param rows the number of inputs compared
 * @param maxDifference the largest {@code |reference - candidate|} over all outputs
 * @param meanDifference the mean of {@code |reference - candidate|} over all outputs
 * @param argmaxAgreement the share of rows, from 0 to 1, whose largest output is at the same index
 *     (ties go to the first index, as the generated {@code int m(float[])} methods do)
 */
public record StorageComparison(int rows, double maxDifference, double meanDifference, double argmaxAgreement) {
  /**
   * Runs {@code reference} and {@code candidate} on every row of {@code inputs} and compares them.
   *
   * @throws IllegalArgumentException if {@code inputs} is empty or the two give outputs of different
   *     lengths
   */
  public static StorageComparison of(
      UnaryOperator<float[]> reference, UnaryOperator<float[]> candidate, float[][] inputs) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(candidate, "candidate");
    if (inputs.length == 0) {
      throw new IllegalArgumentException("inputs is empty; give at least one row to compare on");
    }
    double max = 0;
    double sum = 0;
    long outputs = 0;
    int agree = 0;
    for (float[] input : inputs) {
      float[] expected = reference.apply(input.clone());
      float[] got = candidate.apply(input.clone());
      if (expected.length != got.length) {
        throw new IllegalArgumentException(
            "the reference gives " + expected.length + " outputs, the candidate " + got.length);
      }
      for (int i = 0; i < got.length; i++) {
        double difference = Math.abs((double) expected[i] - got[i]);
        max = Math.max(max, difference);
        sum += difference;
      }
      outputs += got.length;
      if (argmax(expected) == argmax(got)) {
        agree++;
      }
    }
    return new StorageComparison(
        inputs.length, max, outputs == 0 ? 0 : sum / outputs, agree / (double) inputs.length);
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%d rows: largest output difference %.3g, mean %.3g, argmax agreement %.2f %%",
        rows,
        maxDifference,
        meanDifference,
        100 * argmaxAgreement);
  }
}
