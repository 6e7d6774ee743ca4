package dev.soma.processor.weights.testing;

import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weight files of {@code .ci/user-project}: the lecture's linear layer (W = [[0.1, 0.4, 0.5],
 * [0.2, 0.3, 0.6]], b = (0.5, -0.1)) as safetensors, NumPy .npz and ONNX, so a user's build bakes
 * each format and checks x = (2, 5, 1) gives z = (3.2, 2.4). Run {@link #main} to write them;
 * {@code UserProjectFixturesTest} keeps the committed files equal to what this produces.
 */
public final class UserProjectFixtures {
  static final float[] WEIGHTS = {0.1f, 0.4f, 0.5f, 0.2f, 0.3f, 0.6f};
  static final float[] BIAS = {0.5f, -0.1f};

  private UserProjectFixtures() {}

  /** File name to bytes. */
  public static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "lecture.safetensors",
        SafeTensors.of(
                List.of(
                    Tensor.ofFloats("layer.weight", new int[] {2, 3}, WEIGHTS),
                    Tensor.ofFloats("layer.bias", new int[] {2}, BIAS)))
            .toBytes());
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("layer.weight", NumpyWriter.npy("<f4", false, 1, new int[] {2, 3}, doubles(WEIGHTS)));
    arrays.put("layer.bias", NumpyWriter.npy("<f4", false, 1, new int[] {2}, doubles(BIAS)));
    files.put("lecture.npz", NumpyWriter.npz(arrays, true));
    OnnxBuilder onnx = new OnnxBuilder().input("x", 1, 3).output("z", 1, 2);
    onnx.floats("W", new long[] {2, 3}, WEIGHTS).floats("b", new long[] {2}, BIAS);
    onnx.node("Gemm", List.of("x", "W", "b"), "z").attr("transB", 1L);
    files.put("lecture.onnx", onnx.build());
    return files;
  }

  private static double[] doubles(float[] values) {
    double[] doubles = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      doubles[k] = values[k];
    }
    return doubles;
  }

  /** Writes the files into {@code args[0]}, by default {@code ../.ci/user-project/src/main/resources}. */
  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args.length > 0 ? args[0] : "../.ci/user-project/src/main/resources");
    Files.createDirectories(directory);
    for (Map.Entry<String, byte[]> file : files().entrySet()) {
      Files.write(directory.resolve(file.getKey()), file.getValue());
    }
  }
}
