package dev.soma.runtime;

import dev.soma.Activation;
import dev.soma.train.Loss;

/**
 * Checks generated trainers make before training, each failing with a message that says how to fix
 * it.
 */
public final class TrainingChecks {
  private TrainingChecks() {}

  /**
   * Fails unless {@code loss} fits an output layer whose last activation is {@code last}:
   * cross-entropy needs SOFTMAX, binary cross-entropy needs SIGMOID, mean squared error fits all.
   *
   * @param layer the output layer, for the message: {@code layer 2 (dense 256 -> 10, relu)}
   */
  public static void lossFits(Loss loss, Activation.Kind last, String layer) {
    switch (loss) {
      case CROSS_ENTROPY:
        if (last != Activation.Kind.SOFTMAX) {
          throw new IllegalArgumentException(
              "loss CROSS_ENTROPY needs an output layer ending in SOFTMAX, but the output layer is "
                  + layer
                  + " ending in "
                  + last
                  + "; add @Activation(SOFTMAX) to it"
                  + (last == Activation.Kind.SIGMOID ? ", or use BINARY_CROSS_ENTROPY" : "")
                  + ", or use MSE");
        }
        break;
      case BINARY_CROSS_ENTROPY:
        if (last != Activation.Kind.SIGMOID) {
          throw new IllegalArgumentException(
              "loss BINARY_CROSS_ENTROPY needs an output layer ending in SIGMOID, but the output"
                  + " layer is "
                  + layer
                  + " ending in "
                  + last
                  + "; add @Activation(SIGMOID) to it"
                  + (last == Activation.Kind.SOFTMAX ? ", or use CROSS_ENTROPY" : "")
                  + ", or use MSE");
        }
        break;
      default:
        break;
    }
  }

  /**
   * Always fails: {@code layer} uses STEP, whose derivative is zero wherever it exists, so no
   * gradient reaches this layer's weights or any layer before it. Soma substitutes no surrogate
   * gradient.
   */
  public static void rejectStep(String layer) {
    throw new IllegalArgumentException(
        layer
            + " uses STEP, whose gradient is zero everywhere (and undefined at 0): gradient descent"
            + " cannot train it or any layer before it. Train with SIGMOID (a smooth step) in its"
            + " place, then put the trained weights into the STEP network if you need hard"
            + " outputs");
  }

  /**
   * Fails unless there are {@code labels} for every one of {@code examples} examples, each in [0,
   * classes).
   */
  public static void labels(int[] labels, int examples, int classes, String what) {
    if (labels == null) {
      throw new NullPointerException(what + " is null");
    }
    if (labels.length != examples) {
      throw new IllegalArgumentException(
          what + " has " + labels.length + " labels for " + examples + " examples");
    }
    for (int k = 0; k < labels.length; k++) {
      if (labels[k] < 0 || labels[k] >= classes) {
        throw new IllegalArgumentException(
            what + "[" + k + "] is " + labels[k] + "; expected a class in [0, " + classes + ")");
      }
    }
  }

  /** Fails unless {@code rows} has {@code examples} rows of {@code length} values each. */
  public static void rows(float[][] rows, int examples, int length, String what) {
    count(rows, examples, what);
    for (int k = 0; k < rows.length; k++) {
      if (rows[k] == null || rows[k].length != length) {
        Checks.length(rows[k], length, what + "[" + k + "]"); // builds the message only on failure
      }
    }
  }

  /** Fails unless {@code rows} has {@code examples} rows of {@code length} values each. */
  public static void rows(double[][] rows, int examples, int length, String what) {
    count(rows, examples, what);
    for (int k = 0; k < rows.length; k++) {
      if (rows[k] == null || rows[k].length != length) {
        Checks.length(rows[k], length, what + "[" + k + "]"); // builds the message only on failure
      }
    }
  }

  private static void count(Object[] rows, int examples, String what) {
    if (rows == null) {
      throw new NullPointerException(what + " is null");
    }
    if (examples >= 0 && rows.length != examples) {
      throw new IllegalArgumentException(
          what + " has " + rows.length + " rows; expected " + examples);
    }
    if (rows.length == 0) {
      throw new IllegalArgumentException(what + " is empty; expected at least one example");
    }
  }
}
