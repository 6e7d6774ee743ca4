package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.fail;

import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.weights.testing.NumpyWriter;
import dev.soma.processor.weights.testing.OnnxBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Corrupts valid files of every format at random (flipped bytes, truncation, inserted bytes,
 * overwritten lengths) and checks that reading them either succeeds or throws {@link
 * WeightFileException}: never another exception, a hang or an {@link OutOfMemoryError}. Seeded, so
 * a failure reproduces.
 */
class MalformedInputFuzzTest {
  private static final int ROUNDS = Integer.getInteger("soma.fuzz.rounds", 3000);

  static byte[] seed(String format) {
    return switch (format) {
      case "safetensors" ->
          SafeTensors.of(
                  List.of(
                      Tensor.ofFloats("0.weight", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                      Tensor.ofDoubles("0.bias", new int[] {2}, new double[] {0.5, -0.5})),
                  Map.of("format", "pt"))
              .toBytes();
      case "npy" ->
          NumpyWriter.npy(">f8", true, 2, new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
      case "npz" -> {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("0.weight", NumpyWriter.npy("<f4", false, 1, new int[] {2, 3}, new double[6]));
        arrays.put("0.bias", NumpyWriter.npy("<f4", false, 3, new int[] {2}, new double[2]));
        yield NumpyWriter.npz(arrays, true);
      }
      default -> onnx();
    };
  }

  /** Gemm, BatchNormalization, the erf GELU subgraph, MatMul + Add and Softmax. */
  static byte[] onnx() {
    OnnxBuilder model = new OnnxBuilder().input("x", -1, 3).output("y", -1, 2);
    model.floats("W", new long[] {2, 3}, 1, 2, 3, 4, 5, 6).floats("C", new long[] {2}, 1, 2);
    model.floats("s", new long[] {2}, 1, 2).floats("b", new long[] {2}, 0, 1);
    model.floats("m", new long[] {2}, 0, 0).floats("v", new long[] {2}, 1, 1);
    model.floats("sqrt2", new long[0], 1.4142135f).floats("one", new long[0], 1f);
    model.floats("half", new long[0], 0.5f);
    model.floats("W2", new long[] {2, 2}, 1, 0, 0, 1).floats("b2", new long[] {2}, 3, 4);
    model.node("Gemm", List.of("x", "W", "C"), "z").attr("transB", 1L);
    model.node("BatchNormalization", List.of("z", "s", "b", "m", "v"), "n");
    model.node("Div", List.of("n", "sqrt2"), "d");
    model.node("Erf", "d", "e");
    model.node("Add", List.of("e", "one"), "a");
    model.node("Mul", List.of("n", "a"), "g");
    model.node("Mul", List.of("g", "half"), "h");
    model.node("MatMul", List.of("h", "W2"), "z2");
    model.node("Add", List.of("z2", "b2"), "z3");
    model.node("Softmax", "z3", "y").attr("axis", -1L);
    return model.build();
  }

  static byte[] mutate(byte[] original, Random random) {
    byte[] bytes = original.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 2 -> {
        int at = random.nextInt(bytes.length + 1);
        byte[] inserted = new byte[1 + random.nextInt(8)];
        random.nextBytes(inserted);
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        bytes = out;
      }
      default -> {
        // A plausible-looking but huge length: 0xFF run (varints, little-endian lengths).
        int at = random.nextInt(bytes.length);
        for (int k = at; k < Math.min(bytes.length, at + 1 + random.nextInt(8)); k++) {
          bytes[k] = (byte) 0xFF;
        }
      }
    }
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(strings = {"safetensors", "npy", "npz", "onnx"})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void corruptedFilesFailOnlyWithWeightFileException(String format) throws Exception {
    byte[] seed = seed(format);
    WeightFiles.read(seed, "seed." + format); // the seed itself is valid
    Random random = new Random(format.hashCode());
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input = mutate(seed, random);
      try {
        WeightFiles.read(input, "fuzz");
      } catch (WeightFileException expected) {
        // the only allowed failure
      } catch (Throwable t) {
        fail(format + " round " + round + ": " + t + " for input " + Arrays.toString(input), t);
      }
    }
  }
}
