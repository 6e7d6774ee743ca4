package dev.soma.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One network instance per executor JVM. Classes with baked weights are created from the class
 * name once; networks with run-time weights once per broadcast of their weights. Generated
 * instances are immutable and thread-safe, so every task of the executor shares them.
 */
final class Networks {
  /** At most this many run-time-weight networks stay cached; older broadcasts are dropped then. */
  private static final int MAX_WEIGHTED = 16;

  private static final Map<String, NetworkForms> FORMS = new ConcurrentHashMap<>();
  private static final Map<String, Object> BAKED = new ConcurrentHashMap<>();
  private static final Map<Long, Object> WEIGHTED = new ConcurrentHashMap<>();

  private Networks() {}

  static NetworkForms forms(String className) {
    return FORMS.computeIfAbsent(className, NetworkForms::of);
  }

  /** The instance for {@code className}, created once per JVM (baked weights). */
  static Object baked(String className) {
    return BAKED.computeIfAbsent(className, name -> forms(name).create());
  }

  /** The instance for the broadcast {@code id} holding {@code weights}, created once per JVM. */
  static Object weighted(long id, Weights weights) {
    Object network = WEIGHTED.get(id);
    if (network == null) {
      if (WEIGHTED.size() >= MAX_WEIGHTED) {
        WEIGHTED.clear();
      }
      network = WEIGHTED.computeIfAbsent(id, key -> forms(weights.className).create(weights.weights, weights.biases));
    }
    return network;
  }

  /** Run-time weights of a network, as broadcast to the executors: {@code T[][]} each. */
  static final class Weights implements Serializable {
    private static final long serialVersionUID = 1L;
    final String className;
    final Object weights;
    final Object biases;

    Weights(String className, Object weights, Object biases) {
      this.className = className;
      this.weights = weights;
      this.biases = biases;
    }
  }
}
