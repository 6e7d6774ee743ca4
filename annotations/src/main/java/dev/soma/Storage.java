package dev.soma;

/**
 * How a network's weights are stored, in the generated class's resource and in memory: {@code
 * @Network(storage = Storage.INT8)}. Arithmetic stays {@code float} whatever the storage: weights are
 * widened as they are read and sums accumulate in float. Biases always stay float. Only {@code float}
 * networks take a storage other than {@link #F32}; a {@code double} network that asks for one is a
 * compile error.
 */
public enum Storage {
  /** 32-bit floats, 4 bytes per weight (the default): the weights as given, rounded to float. */
  F32,
  /**
   * bfloat16, 2 bytes per weight: float's 8 exponent bits and 7 fraction bits, each weight rounded
   * to nearest even. The forward pass computes with exactly these values, in float, so it gives the
   * same bits as an F32 network holding the rounded weights.
   */
  BF16,
  /**
   * IEEE 754 binary16 ("half"), 2 bytes per weight: 5 exponent bits, 10 fraction bits, rounded to
   * nearest even; weights beyond ±65504 round to infinity, so this suits weights of moderate range.
   * Like {@link #BF16}, the same bits as an F32 network holding the rounded weights.
   */
  F16,
  /**
   * 8-bit integers, 1 byte per weight plus one float scale per neuron: symmetric per output row,
   * {@code scale[i] = max_j |w[i][j]| / 127}, {@code q[i][j] = round(w[i][j] / scale[i])} in
   * [-127, 127], zero point 0. Loop forms compute {@code y[i] = b[i] + scale[i] * sum_j q[i][j] *
   * x[j]} with the sum in float; small unrolled networks compute with the float values {@code
   * q[i][j] * scale[i]} instead.
   */
  INT8
}
