package dev.soma.processor.validate;

import dev.soma.processor.model.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * The lecture's point made into an optimisation: two linear layers in a row are one linear layer,
 * {@code W2(W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)}. Fuses such pairs when both have weights
 * known at compile time and the fused layer costs no more multiply-adds than the pair.
 */
final class LinearFusion {
  private LinearFusion() {}

  /**
   * The most multiply-adds fusing one pair may take at compile time ({@code in * mid * out}): about
   * a tenth of a second. Beyond it javac would spend longer on the product (it is cubic: two
   * 2048 x 2048 layers take 8.6 billion) than the fused layer saves, so the pair stays two layers.
   */
  static final long MAX_FUSION_WORK = 1L << 27;

  /**
   * Whether fusing {@code first} (linear) and {@code second} is possible and pays. Layers whose
   * weights came quantized stay apart, so INT8 storage keeps their int8 values as the file has them.
   */
  static boolean pays(Layer first, Layer second) {
    return first.activations().isEmpty()
        && !first.isLayerNorm()
        && !second.isLayerNorm()
        && first.weights().isPresent()
        && second.weights().isPresent()
        && first.quantized().isEmpty()
        && second.quantized().isEmpty()
        && (long) first.in() * second.out() <= first.terms() + second.terms()
        && (double) first.in() * first.out() * second.out() <= MAX_FUSION_WORK;
  }

  /** Fuses every pair that {@link #pays}, renumbering the layers. */
  static List<Layer> fuse(List<Layer> layers) {
    List<Layer> fused = new ArrayList<>();
    Layer pending = null;
    for (Layer layer : layers) {
      if (pending != null && pays(pending, layer)) {
        pending = fusePair(pending, layer);
      } else {
        if (pending != null) {
          fused.add(pending);
        }
        pending = layer;
      }
    }
    fused.add(pending);
    List<Layer> renumbered = new ArrayList<>();
    for (int i = 0; i < fused.size(); i++) {
      renumbered.add(fused.get(i).withNumber(i + 1));
    }
    return renumbered;
  }

  /** {@code W' = W2 W1} and {@code b' = W2 b1 + b2}, computed in double precision. */
  static Layer fusePair(Layer first, Layer second) {
    int in = first.in();
    int mid = first.out();
    int out = second.out();
    double[] w1 = first.weights().orElseThrow();
    double[] b1 = first.bias().orElseThrow();
    double[] w2 = second.weights().orElseThrow();
    double[] b2 = second.bias().orElseThrow();
    double[] w = new double[out * in];
    double[] b = new double[out];
    for (int i = 0; i < out; i++) {
      double bias = b2[i];
      for (int k = 0; k < mid; k++) {
        double w2ik = w2[i * mid + k];
        bias += w2ik * b1[k];
        for (int j = 0; j < in; j++) {
          w[i * in + j] += w2ik * w1[k * in + j];
        }
      }
      b[i] = bias;
    }
    String origin = first.origin() + " fused with " + second.origin();
    return new Layer(
        first.number(), in, out, first.name(), second.activations(), w, b, origin);
  }
}
