package app;

import dev.soma.Dense;
import dev.soma.Network;

/** Names a weight file that does not exist: a compile error listing where Soma looked. */
@Network(weights = "missing.safetensors")
@Dense(in = 3, out = 1)
public interface MissingWeights {
  float[] apply(float[] x);
}
