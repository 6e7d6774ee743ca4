package dev.soma.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * What a partition scorer needs to know, sent to the executors with each task: the generated
 * class by name, the input column, what to append, the block size, and the weights' broadcast
 * (null for baked networks). The network instance itself is never serialised; {@link #network()}
 * finds or creates it on the executor.
 */
record Scoring(
    String className,
    String inputCol,
    int inputIndex,
    Scoring.Output output,
    boolean prediction,
    int blockSize,
    Broadcast<Networks.Weights> weights)
    implements Serializable {

  /** How the outputs column is written. */
  enum Output {
    NONE,
    ARRAY,
    VECTOR
  }

  /** The generated class's forms, on the executor. */
  NetworkForms forms() {
    return Networks.forms(className);
  }

  /** The executor JVM's one instance of the network (per broadcast for run-time weights). */
  Object network() {
    return weights == null ? Networks.baked(className) : Networks.weighted(weights.id(), weights.value());
  }

  /** How many columns are appended to each row. */
  int added() {
    return (output == Output.NONE ? 0 : 1) + (prediction ? 1 : 0);
  }
}
