package dev.soma.processor.model;

/** The method signatures Soma implements, with {@code T} the network's precision. */
public enum MethodForm {
  /** {@code T[] m(T[] x)}: returns a new output array. */
  ARRAY_RETURN,
  /** {@code void m(T[] x, T[] y)}: writes the output into {@code y}; allocation-free. */
  ARRAY_INTO,
  /** {@code T m(T a, T b, ...)}: one parameter per input, a single output. */
  SCALAR,
  /** {@code int m(T[] x)}: the index of the largest output. */
  ARGMAX,
  /** {@code void m(T[][] xs, T[][] ys)}: a batch, row n of {@code ys} the outputs for row n of {@code xs}. */
  BATCH
}
