package dev.soma.train;

/**
 * The loss a generated trainer minimises. Every loss is averaged over the examples of a mini-batch;
 * what is summed or averaged within one example is stated per constant.
 */
public enum Loss {
  /**
   * Mean squared error: {@code (1/n) sum_i (y_i - t_i)^2} over the {@code n} outputs. Fits any
   * output layer.
   */
  MSE,
  /**
   * Binary cross-entropy {@code -(1/n) sum_i [t_i log y_i + (1 - t_i) log(1 - y_i)]}, for an output
   * layer ending in {@code SIGMOID}. Computed from the sigmoid's input {@code z}, as {@code max(z,
   * 0) - z t + log(1 + e^-|z|)}, so it stays finite where {@code y} rounds to 0 or 1; its gradient
   * with respect to {@code z} is {@code (y - t) / n}.
   */
  BINARY_CROSS_ENTROPY,
  /**
   * Categorical cross-entropy {@code -sum_i t_i log y_i}, for an output layer ending in {@code
   * SOFTMAX}. Computed from the softmax's input as {@code sum_i t_i (logsumexp(z) - z_i)} with the
   * maximum subtracted first; its gradient with respect to {@code z} is {@code y sum(t) - t}, which
   * is {@code y - t} for one-hot targets.
   */
  CROSS_ENTROPY
}
