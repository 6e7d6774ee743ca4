package dev.soma.processor.validate;

import dev.soma.Storage;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Position;
import dev.soma.processor.diag.Report;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.QuantizedWeights;
import dev.soma.processor.model.StoredWeights;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The accuracy cost of {@code @Network(storage = ...)} for baked weights, one note per layer: the
 * largest absolute difference between a stored weight and the float original, and the relative
 * 2-norm difference of the layer's {@code W x + b} on a fixed probe ({@value #PROBES} inputs drawn
 * uniformly from [-1, 1) with a fixed seed, computed in double with the original and the stored
 * weights). INT8 weights the file already held quantized get a note saying so instead: their error
 * against the file's dequantized weights is 0 by construction.
 */
final class StorageNotes {
  /** Probe inputs per layer. */
  static final int PROBES = 16;

  private static final long SEED = 0x5eed;

  private StorageNotes() {}

  /** Adds one note per layer to {@code report}, at {@code position}. */
  static void add(NetworkModel network, String interfaceName, Position position, Report report) {
    for (Layer layer : network.layers()) {
      if (layer.isLayerNorm()) {
        continue; // gamma and beta stay float
      }
      if (network.storage() == Storage.INT8 && StoredWeights.imported(layer)) {
        QuantizedWeights quantized = layer.quantized().orElseThrow();
        report.add(
            position,
            Message.STORAGE_INT8_IMPORTED,
            interfaceName,
            "layer " + layer.number() + " (" + layer.out() + " x " + layer.in() + ")",
            quantized.tensor(),
            quantized.layout());
        continue;
      }
      double[] original = StoredWeights.original(layer);
      double[] stored = StoredWeights.stored(network.storage(), layer);
      double[] bias = layer.bias().orElseThrow();
      double largest = 0;
      for (int k = 0; k < original.length; k++) {
        largest = Math.max(largest, Math.abs(original[k] - stored[k]));
      }
      SplittableRandom random = new SplittableRandom(SEED + layer.number());
      double difference = 0;
      double magnitude = 0;
      int in = layer.in();
      for (int p = 0; p < PROBES; p++) {
        double[] x = random.doubles(in, -1, 1).toArray();
        for (int i = 0; i < layer.out(); i++) {
          double exact = bias[i];
          double kept = bias[i];
          for (int j = 0; j < in; j++) {
            exact += original[i * in + j] * x[j];
            kept += stored[i * in + j] * x[j];
          }
          difference += (exact - kept) * (exact - kept);
          magnitude += exact * exact;
        }
      }
      double relative = magnitude == 0 ? 0 : Math.sqrt(difference / magnitude);
      report.add(
          position,
          Message.STORAGE_ACCURACY,
          network.storage(),
          interfaceName,
          "layer " + layer.number() + " (" + layer.out() + " x " + layer.in() + ")",
          String.format(Locale.ROOT, "%.3g", largest),
          String.format(Locale.ROOT, "%.3g", relative));
    }
  }
}
