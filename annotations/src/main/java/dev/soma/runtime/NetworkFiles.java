package dev.soma.runtime;

import dev.soma.io.SafeTensors;
import dev.soma.io.SafeTensorsException;
import dev.soma.io.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a generated network's weights as safetensors, the layout PyTorch's {@code
 * nn.Linear} uses: {@code <name>.weight} of shape {@code [out, in]} and {@code <name>.bias} of
 * shape {@code [out]} per layer. Layers without a name are saved as {@code 0}, {@code 1}, ... and
 * loaded from the file's {@code <prefix>.weight} tensors in ascending natural order of prefix (what
 * {@code nn.Sequential}'s {@code state_dict} produces: {@code 0.weight}, {@code 2.weight}, ...).
 * A LayerNorm layer's gamma and beta are {@code <name>.weight} and {@code <name>.bias}, both of
 * shape {@code [out]}, as in {@code nn.LayerNorm}. The generated classes call this; every shape is
 * checked.
 */
public final class NetworkFiles {
  private NetworkFiles() {}

  /** The shape of each layer of a generated network, and its tensor name prefix ("" for none). */
  public static final class Shapes {
    final String[] names;
    final int[] ins;
    final int[] outs;
    final boolean[] norms;

    /** {@code names[l]} may be empty; {@code ins[l]} and {@code outs[l]} are layer l's sizes. */
    public Shapes(String[] names, int[] ins, int[] outs) {
      this(names, ins, outs, new boolean[names.length]);
    }

    /**
     * Like {@link #Shapes(String[], int[], int[])}; {@code norms[l]} says layer l is a LayerNorm,
     * whose {@code .weight} (gamma) has shape {@code [out]} like its {@code .bias} (beta).
     */
    public Shapes(String[] names, int[] ins, int[] outs, boolean[] norms) {
      this.names = names.clone();
      this.ins = ins.clone();
      this.outs = outs.clone();
      this.norms = norms.clone();
    }

    String prefix(int layer) {
      return names[layer].isEmpty() ? Integer.toString(layer) : names[layer];
    }

    /** The shape of layer l's {@code .weight}: {@code [out, in]}, or {@code [out]} for LayerNorm. */
    int[] weightShape(int layer) {
      return norms[layer] ? new int[] {outs[layer]} : new int[] {outs[layer], ins[layer]};
    }

    long weightCount(int layer) {
      return norms[layer] ? outs[layer] : (long) outs[layer] * ins[layer];
    }

    boolean anyNorm() {
      for (boolean norm : norms) {
        if (norm) {
          return true;
        }
      }
      return false;
    }
  }

  public static void save(Path file, Shapes shapes, float[][] weights, float[][] biases) throws IOException {
    List<Tensor> tensors = new ArrayList<>();
    for (int l = 0; l < weights.length; l++) {
      tensors.add(Tensor.ofFloats(shapes.prefix(l) + ".weight", shapes.weightShape(l), weights[l]));
      tensors.add(Tensor.ofFloats(shapes.prefix(l) + ".bias", new int[] {shapes.outs[l]}, biases[l]));
    }
    SafeTensors.of(tensors).write(file);
  }

  public static void save(Path file, Shapes shapes, double[][] weights, double[][] biases) throws IOException {
    List<Tensor> tensors = new ArrayList<>();
    for (int l = 0; l < weights.length; l++) {
      tensors.add(Tensor.ofDoubles(shapes.prefix(l) + ".weight", shapes.weightShape(l), weights[l]));
      tensors.add(Tensor.ofDoubles(shapes.prefix(l) + ".bias", new int[] {shapes.outs[l]}, biases[l]));
    }
    SafeTensors.of(tensors).write(file);
  }

  /** Reads the weights as floats: element 0 holds one weights array per layer, element 1 the biases. */
  public static float[][][] loadFloats(SafeTensors file, Shapes shapes) throws SafeTensorsException {
    return loadFloats(file, shapes, true);
  }

  private static float[][][] loadFloats(SafeTensors file, Shapes shapes, boolean requireFinite)
      throws SafeTensorsException {
    String[] prefixes = prefixes(file, shapes);
    int layers = prefixes.length;
    float[][][] loaded = new float[2][layers][];
    for (int l = 0; l < layers; l++) {
      loaded[0][l] = file.floats(prefixes[l] + ".weight", shapes.weightShape(l));
      loaded[1][l] = bias(file, prefixes[l], shapes.outs[l]).toFloatArray();
      if (requireFinite) {
        finite(loaded[0][l], prefixes[l] + ".weight");
        finite(loaded[1][l], prefixes[l] + ".bias");
      }
    }
    return loaded;
  }

  /** Reads the weights as doubles: element 0 holds one weights array per layer, element 1 the biases. */
  public static double[][][] loadDoubles(SafeTensors file, Shapes shapes) throws SafeTensorsException {
    return loadDoubles(file, shapes, true);
  }

  private static double[][][] loadDoubles(SafeTensors file, Shapes shapes, boolean requireFinite)
      throws SafeTensorsException {
    String[] prefixes = prefixes(file, shapes);
    int layers = prefixes.length;
    double[][][] loaded = new double[2][layers][];
    for (int l = 0; l < layers; l++) {
      loaded[0][l] = file.doubles(prefixes[l] + ".weight", shapes.weightShape(l));
      loaded[1][l] = bias(file, prefixes[l], shapes.outs[l]).toDoubleArray();
      if (requireFinite) {
        finite(loaded[0][l], prefixes[l] + ".weight");
        finite(loaded[1][l], prefixes[l] + ".bias");
      }
    }
    return loaded;
  }

  /** Tensor data a weight file may hold beyond what the network needs: extra tensors, padding. */
  public static final long EXTRA_DATA_BYTES = 16L << 20;

  /** Reads a safetensors file; a truncated or corrupt file is an exception, never partial data. */
  public static SafeTensors read(InputStream in) throws IOException {
    return SafeTensors.read(in);
  }

  /**
   * Reads a safetensors file for a network of {@code shapes}: a header describing more data than
   * the network can need (8 bytes per weight and bias, plus {@link #EXTRA_DATA_BYTES}) fails before
   * the data is read.
   */
  public static SafeTensors read(InputStream in, Shapes shapes) throws IOException {
    long values = 0;
    for (int l = 0; l < shapes.ins.length; l++) {
      values += shapes.weightCount(l) + shapes.outs[l];
    }
    return SafeTensors.read(in, values * 8 + EXTRA_DATA_BYTES);
  }

  /**
   * Reads the weights the processor wrote beside {@code owner} as the safetensors resource {@code
   * name} (large baked layers); called once, from the generated class's static initialiser.
   */
  public static float[][][] bakedFloats(Class<?> owner, String name, Shapes shapes) {
    try {
      return loadFloats(resource(owner, name), shapes, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read baked weights " + name + " of " + owner.getName(), e);
    }
  }

  /** Like {@link #bakedFloats}, in double precision. */
  public static double[][][] bakedDoubles(Class<?> owner, String name, Shapes shapes) {
    try {
      return loadDoubles(resource(owner, name), shapes, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read baked weights " + name + " of " + owner.getName(), e);
    }
  }

  private static SafeTensors resource(Class<?> owner, String name) throws IOException {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + name + " beside " + owner.getName()
                + " is missing: it holds the baked weights and must be packaged with the class");
      }
      return SafeTensors.read(in);
    }
  }

  /** A NaN or infinite weight would poison every output: loading refuses it, naming the place. */
  private static void finite(float[] values, String tensor) throws SafeTensorsException {
    for (int k = 0; k < values.length; k++) {
      if (!Float.isFinite(values[k])) {
        throw new SafeTensorsException(tensor + "[" + k + "] is " + values[k] + "; weights must be finite numbers");
      }
    }
  }

  private static void finite(double[] values, String tensor) throws SafeTensorsException {
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(values[k])) {
        throw new SafeTensorsException(tensor + "[" + k + "] is " + values[k] + "; weights must be finite numbers");
      }
    }
  }

  private static Tensor bias(SafeTensors file, String prefix, int out) throws SafeTensorsException {
    Tensor bias = file.tensors().get(prefix + ".bias");
    if (bias == null) {
      return Tensor.ofFloats(prefix + ".bias", new int[] {out}, new float[out]);
    }
    file.floats(prefix + ".bias", out); // checks the shape
    return bias;
  }

  /** Each layer's tensor prefix in {@code file}. */
  private static String[] prefixes(SafeTensors file, Shapes shapes) throws SafeTensorsException {
    int layers = shapes.names.length;
    List<String> unnamed = new ArrayList<>();
    boolean vectors = shapes.anyNorm();
    for (Map.Entry<String, Tensor> entry : file.tensors().entrySet()) {
      String name = entry.getKey();
      int rank = entry.getValue().shape().length;
      if (name.endsWith(".weight") && (rank == 2 || (vectors && rank == 1))) {
        String prefix = name.substring(0, name.length() - ".weight".length());
        if (!Arrays.asList(shapes.names).contains(prefix)) {
          unnamed.add(prefix);
        }
      }
    }
    unnamed.sort(NetworkFiles::compareNaturally);
    String[] prefixes = new String[layers];
    int next = 0;
    for (int l = 0; l < layers; l++) {
      if (!shapes.names[l].isEmpty()) {
        prefixes[l] = shapes.names[l];
      } else if (next < unnamed.size()) {
        prefixes[l] = unnamed.get(next++);
      } else {
        throw new SafeTensorsException(
            "layer " + (l + 1) + " needs a <prefix>.weight tensor of shape "
                + Arrays.toString(shapes.weightShape(l)) + ", but the file has no more; it has "
                + file.tensors().keySet());
      }
    }
    return prefixes;
  }

  /** Compares digit runs as numbers: "2" before "10". */
  public static int compareNaturally(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int endA = i;
        while (endA < a.length() && Character.isDigit(a.charAt(endA))) {
          endA++;
        }
        int endB = j;
        while (endB < b.length() && Character.isDigit(b.charAt(endB))) {
          endB++;
        }
        int byValue = compareDigitRuns(a, i, endA, b, j, endB);
        if (byValue != 0) {
          return byValue;
        }
        i = endA;
        j = endB;
      } else if (x != y) {
        return Character.compare(x, y);
      } else {
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Compares two runs of digits by their value in linear time: leading zeros skipped, then the
   * longer run is larger, then the first differing digit decides.
   */
  private static int compareDigitRuns(String a, int i, int endA, String b, int j, int endB) {
    while (i < endA - 1 && Character.digit(a.charAt(i), 10) == 0) {
      i++;
    }
    while (j < endB - 1 && Character.digit(b.charAt(j), 10) == 0) {
      j++;
    }
    if (endA - i != endB - j) {
      return Integer.compare(endA - i, endB - j);
    }
    for (; i < endA; i++, j++) {
      int byDigit = Integer.compare(Character.digit(a.charAt(i), 10), Character.digit(b.charAt(j), 10));
      if (byDigit != 0) {
        return byDigit;
      }
    }
    return 0;
  }
}
