package dev.soma.processor.validate;

import dev.soma.Activation;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Position;
import dev.soma.processor.diag.Report;
import dev.soma.processor.read.ActivationAnnotation;
import dev.soma.processor.read.DenseAnnotation;
import dev.soma.processor.read.LayerNormAnnotation;
import dev.soma.processor.read.NetworkDeclaration;
import dev.soma.processor.read.WrittenLayerAnnotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes layers of the {@code @Dense} and {@code @LayerNorm} annotations, in the order written, and
 * pairs each with the {@code @Activation}s written after it. With the source order
 * known this follows the order written; without it (the Eclipse compiler, Gradle's incremental
 * processing) the i-th {@code @Activation} goes with the i-th {@code @Dense} when their counts are
 * equal, and anything else is an error that says how to disambiguate.
 */
final class LayerAssembler {
  /**
   * A {@code @Dense} or a {@code @LayerNorm} (exactly one of them is non-null) with the standalone
   * {@code @Activation}s that follow it.
   */
  static final class WrittenLayer {
    final DenseAnnotation dense;
    final LayerNormAnnotation norm;
    final List<ActivationAnnotation> activations = new ArrayList<>();

    WrittenLayer(DenseAnnotation dense) {
      this.dense = dense;
      this.norm = null;
    }

    WrittenLayer(LayerNormAnnotation norm) {
      this.dense = null;
      this.norm = norm;
    }

    /** Where the layer's annotation is written. */
    Position position() {
      return dense != null ? dense.position() : norm.position();
    }
  }

  private LayerAssembler() {}

  static Optional<List<WrittenLayer>> assemble(NetworkDeclaration declaration, Report report) {
    List<WrittenLayer> layers = new ArrayList<>();
    List<ActivationAnnotation> activations = new ArrayList<>();
    boolean ok = true;
    for (WrittenLayerAnnotation annotation : declaration.layerAnnotations()) {
      if (annotation instanceof DenseAnnotation) {
        layers.add(new WrittenLayer((DenseAnnotation) annotation));
      } else if (annotation instanceof LayerNormAnnotation norm) {
        if (!declaration.sourceOrderKnown()) {
          report.add(norm.position(), Message.LAYER_NORM_ORDER_UNKNOWN, declaration.declared().simpleName());
          ok = false;
        } else if (layers.isEmpty()) {
          report.add(norm.position(), Message.LAYER_NORM_BEFORE_DENSE);
          ok = false;
        } else {
          layers.add(new WrittenLayer(norm));
        }
      } else {
        ActivationAnnotation activation = (ActivationAnnotation) annotation;
        activations.add(activation);
        if (declaration.sourceOrderKnown()) {
          if (layers.isEmpty()) {
            report.add(activation.position(), Message.ACTIVATION_BEFORE_DENSE, activation.kind());
            ok = false;
          } else {
            layers.get(layers.size() - 1).activations.add(activation);
          }
        }
      }
    }
    if (!declaration.sourceOrderKnown() && !activations.isEmpty()) {
      if (activations.size() != layers.size()) {
        report.add(
            declaration.position(),
            Message.ORDER_UNKNOWN,
            declaration.declared().simpleName(),
            layers.size(),
            activations.size());
        return Optional.empty();
      }
      for (int i = 0; i < layers.size(); i++) {
        layers.get(i).activations.add(activations.get(i));
      }
    }
    for (int i = 0; i < layers.size(); i++) {
      WrittenLayer layer = layers.get(i);
      if (layer.dense == null) {
        continue;
      }
      Optional<Activation.Kind> attribute = layer.dense.activation();
      if (attribute.isPresent() && !layer.activations.isEmpty()) {
        ActivationAnnotation standalone = layer.activations.get(0);
        report.add(
            standalone.position(), Message.ACTIVATION_TWICE, i + 1, attribute.get(), standalone.kind());
        ok = false;
      }
    }
    return ok ? Optional.of(layers) : Optional.empty();
  }
}
