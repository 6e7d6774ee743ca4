package app;

import dev.soma.Dense;
import dev.soma.Network;

/** The lecture's layer baked from each weight format in src/main/resources. */
public final class BakedLectures {
  private BakedLectures() {}

  @Network(weights = "lecture.safetensors")
  @Dense(in = 3, out = 2, name = "layer")
  public interface FromSafetensors {
    float[] z(float[] x);
  }

  @Network(weights = "lecture.npz")
  @Dense(in = 3, out = 2, name = "layer")
  public interface FromNumpy {
    float[] z(float[] x);
  }

  /** The ONNX graph defines the layer: no @Dense needed. */
  @Network(weights = "lecture.onnx")
  public interface FromOnnx {
    float[] z(float[] x);
  }
}
