package dev.soma.runtime;

import dev.soma.Storage;
import dev.soma.io.SafeTensors;
import dev.soma.io.SafeTensorsException;
import dev.soma.io.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Weight storage other than float ({@code @Network(storage = ...)}): rounding to bfloat16 and
 * binary16, and symmetric per-row int8 quantization. The processor bakes weights with these same
 * methods, and generated constructors call them for run-time weights, so baked and loaded weights
 * store the same numbers.
 *
 * <p>INT8, per output row {@code i}: {@code scale[i] = (float) (max_j |w[i][j]| / 127.0)}; {@code
 * q[i][j] = rint(w[i][j] / (double) scale[i])}, clamped to [-127, 127]; a row of zeros has scale 0
 * and all q 0. The value a stored weight stands for is {@code q * scale} rounded to float.
 *
 * <p>A baked INT8 resource holds, per layer prefix (the layer's name, or its index from 0), {@code
 * <prefix>.weight} (I8, [out, in]), {@code <prefix>.weight_scale} (F32, [out]) and {@code
 * <prefix>.bias} (F32, [out]).
 */
public final class Quantization {
  private Quantization() {}

  /** The largest magnitude of an int8 weight; -128 is never used, so the range is symmetric. */
  public static final int INT8_MAX = 127;

  /** Suffix of the scale tensor beside {@code <prefix>.weight} in INT8 safetensors files. */
  public static final String SCALE_SUFFIX = ".weight_scale";

  /** Int8 weights, their scales and float biases, one array of each per layer. */
  public static final class Int8Layers {
    /** Row-major {@code out x in} int8 weights, one array per layer. */
    public final byte[][] weights;
    /** One scale per output, one array per layer. */
    public final float[][] scales;
    /** Biases, one array per layer. */
    public final float[][] biases;

    Int8Layers(byte[][] weights, float[][] scales, float[][] biases) {
      this.weights = weights;
      this.scales = scales;
      this.biases = biases;
    }
  }

  /** Each row's scale, {@code max |w| / 127} rounded to float (0 for a row of zeros). */
  public static float[] int8Scales(float[] rowMajor, int out, int in) {
    float[] scales = new float[out];
    for (int i = 0; i < out; i++) {
      float max = 0;
      for (int j = 0; j < in; j++) {
        max = Math.max(max, Math.abs(rowMajor[i * in + j]));
      }
      scales[i] = (float) (max / (double) INT8_MAX);
    }
    return scales;
  }

  /** The weights quantized with {@code scales} (from {@link #int8Scales}), row-major. */
  public static byte[] int8(float[] rowMajor, int out, int in, float[] scales) {
    byte[] q = new byte[out * in];
    for (int i = 0; i < out; i++) {
      if (scales[i] == 0) {
        continue;
      }
      for (int j = 0; j < in; j++) {
        double step = Math.rint(rowMajor[i * in + j] / (double) scales[i]);
        q[i * in + j] = (byte) Math.max(-INT8_MAX, Math.min(INT8_MAX, step));
      }
    }
    return q;
  }

  /** Row-major int8 weights by input column: {@code columns[j][i]}, as the loop forms read them. */
  public static byte[][] columns(byte[] rowMajor, int out, int in) {
    byte[][] columns = new byte[in][out];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        columns[j][i] = rowMajor[i * in + j];
      }
    }
    return columns;
  }

  /** The quantized weights of {@code rowMajor} by input column (its scales from {@link #int8Scales}). */
  public static byte[][] int8Columns(float[] rowMajor, int out, int in, float[] scales) {
    return columns(int8(rowMajor, out, in, scales), out, in);
  }

  /**
   * Whether plain loops over int8 columns are fast on this JVM, read once by each INT8 class when it
   * loads. JDK 25's C2 vectorises the loop that widens bytes to floats; JDK 17's vectorises no
   * conversion at all (byte, short or int to float), and there the byte loops ran 5 to 10 times
   * slower than float columns (BENCHMARKS.md, "Weight storage"). Only those two were measured: JDK 25
   * and later read the bytes, every earlier version reads {@link #pairedColumns}. Asked only by
   * networks whose float weights would outgrow a core's L2; smaller ones read {@link #floatColumns}
   * copies on every JDK, faster than the bytes there.
   */
  public static boolean int8LoopsVectorise() {
    return Runtime.version().feature() >= 25;
  }

  /**
   * Int8 columns as floats, {@code (float) q}, for the plain loops of networks small enough for a
   * core's L2, where float columns are faster than compact ones on every JDK measured. Every
   * int8 value is exact in float, so {@code (float) q * x} is the same product, bit for bit, whether
   * the loop reads the byte or its float copy.
   */
  public static float[][] floatColumns(byte[][] columns) {
    float[][] floats = new float[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      byte[] column = columns[j];
      float[] widened = new float[column.length];
      for (int i = 0; i < column.length; i++) {
        widened[i] = column[i];
      }
      floats[j] = widened;
    }
    return floats;
  }

  /**
   * The factor of the second int8 value of a pair in {@link #pairedColumns}: {@code v = q0 + PAIR_HIGH
   * * q1}. 512 is the smallest power of two above twice the largest magnitude, 128, so the low value
   * never makes {@code v} a tie between two multiples of it.
   */
  public static final float PAIR_HIGH = 512f;

  /**
   * {@code (v + PAIR_ROUNDING) - PAIR_ROUNDING} is {@code PAIR_HIGH * q1} for a paired value {@code
   * v}: 1.5 * 2^32, whose float neighbours are 512 apart, so the sum rounds {@code v} to the nearest
   * multiple of 512 and the difference takes it back exactly. Float additions only: JDK 17's C2
   * vectorises them where it vectorises no int-to-float conversion.
   */
  public static final float PAIR_ROUNDING = 0x1.8p32f;

  /**
   * Int8 columns two to a float, for JVMs whose C2 does not vectorise byte loops and networks whose
   * float weights outgrow a core's L2: {@code paired[g][i] = q[2g][i] + 512 * q[2g+1][i]} ({@link
   * #PAIR_HIGH}); for an odd number of columns
   * the last float holds the last column alone. Every such sum is an integer below 2^17 in
   * magnitude, exact in float, and both values come back exactly: {@code h = (v + PAIR_ROUNDING) -
   * PAIR_ROUNDING} is {@code 512 * q1} and {@code v - h} is {@code q0}. Half the bytes of float
   * columns, the same products {@code (float) q * x}.
   */
  public static float[][] pairedColumns(byte[][] columns) {
    float[][] paired = new float[(columns.length + 1) / 2][];
    for (int g = 0; g < paired.length; g++) {
      byte[] low = columns[2 * g];
      float[] pair = new float[low.length];
      if (2 * g + 1 < columns.length) {
        byte[] high = columns[2 * g + 1];
        for (int i = 0; i < pair.length; i++) {
          pair[i] = low[i] + PAIR_HIGH * high[i];
        }
      } else {
        for (int i = 0; i < pair.length; i++) {
          pair[i] = low[i];
        }
      }
      paired[g] = pair;
    }
    return paired;
  }

  /** Row-major float weights rounded to bfloat16 by input column: {@code columns[j][i]}, 16 bits each. */
  public static short[][] bfloat16Columns(float[] rowMajor, int out, int in) {
    short[][] columns = new short[in][out];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        columns[j][i] = HalfPrecision.floatToBfloat16(rowMajor[i * in + j]);
      }
    }
    return columns;
  }

  /** The values bfloat16 columns stand for, row-major. */
  public static float[] rows(short[][] columns, int out, int in) {
    float[] rowMajor = new float[out * in];
    for (int j = 0; j < in; j++) {
      for (int i = 0; i < out; i++) {
        rowMajor[i * in + j] = HalfPrecision.bfloat16ToFloat(columns[j][i]);
      }
    }
    return rowMajor;
  }

  /** The values int8 columns stand for, row-major: {@code q * scale} rounded to float. */
  public static float[] rows(byte[][] columns, float[] scales, int out, int in) {
    float[] rowMajor = new float[out * in];
    for (int j = 0; j < in; j++) {
      for (int i = 0; i < out; i++) {
        rowMajor[i * in + j] = columns[j][i] * scales[i];
      }
    }
    return rowMajor;
  }

  /**
   * The values {@code storage} keeps of {@code rowMajor} (a new array): the weights themselves for
   * F32, rounded to nearest even for BF16 and F16, and {@code q * scale} for INT8.
   */
  public static float[] stored(Storage storage, float[] rowMajor, int out, int in) {
    float[] stored = new float[rowMajor.length];
    switch (storage) {
      case BF16:
        for (int k = 0; k < stored.length; k++) {
          stored[k] = HalfPrecision.bfloat16ToFloat(HalfPrecision.floatToBfloat16(rowMajor[k]));
        }
        return stored;
      case F16:
        for (int k = 0; k < stored.length; k++) {
          stored[k] = HalfPrecision.float16ToFloat(HalfPrecision.floatToFloat16(rowMajor[k]));
        }
        return stored;
      case INT8:
        float[] scales = int8Scales(rowMajor, out, in);
        byte[] q = int8(rowMajor, out, in, scales);
        for (int k = 0; k < stored.length; k++) {
          stored[k] = q[k] * scales[k / in];
        }
        return stored;
      default:
        return rowMajor.clone();
    }
  }

  /**
   * Reads the int8 weights the processor wrote beside {@code owner} as the safetensors resource
   * {@code name}; called once, from the generated class's static initialiser.
   */
  public static Int8Layers bakedInt8(Class<?> owner, String name, NetworkFiles.Shapes shapes) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + name + " beside " + owner.getName()
                + " is missing: it holds the baked weights and must be packaged with the class");
      }
      return loadInt8(SafeTensors.read(in), shapes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read baked weights " + name + " of " + owner.getName(), e);
    }
  }

  /**
   * Reads the weights of an INT8 network. A file whose {@code .weight} tensors are I8 holds them as
   * this storage keeps them (what {@link #save} and the processor write): per layer, named as
   * {@code save} names them, {@code <prefix>.weight} (I8, [out, in]), {@code <prefix>.weight_scale}
   * (F32, [out]) and {@code <prefix>.bias}; they are taken as they are, so a saved INT8 network loads
   * back bit for bit. Any other file is read as floats ({@link NetworkFiles#loadFloats}) and
   * quantized, exactly as the generated constructor quantizes.
   *
   * @throws SafeTensorsException naming a missing or misshapen tensor
   */
  public static Int8Layers loadInt8(SafeTensors file, NetworkFiles.Shapes shapes) throws SafeTensorsException {
    int layers = shapes.names.length;
    byte[][] weights = new byte[layers][];
    float[][] scales = new float[layers][];
    float[][] biases = new float[layers][];
    boolean int8 =
        file.tensors().values().stream().anyMatch(t -> t.name().endsWith(".weight") && t.dtype().equals("I8"));
    if (!int8) {
      float[][][] floats = NetworkFiles.loadFloats(file, shapes);
      for (int l = 0; l < layers; l++) {
        scales[l] = int8Scales(floats[0][l], shapes.outs[l], shapes.ins[l]);
        weights[l] = int8(floats[0][l], shapes.outs[l], shapes.ins[l], scales[l]);
        biases[l] = floats[1][l];
      }
      return new Int8Layers(weights, scales, biases);
    }
    for (int l = 0; l < layers; l++) {
      String prefix = shapes.prefix(l);
      Tensor weight = file.tensors().get(prefix + ".weight");
      int[] shape = {shapes.outs[l], shapes.ins[l]};
      if (weight == null || !weight.dtype().equals("I8") || !java.util.Arrays.equals(weight.shape(), shape)) {
        throw new SafeTensorsException(
            "layer " + (l + 1) + " needs an I8 tensor " + prefix + ".weight of shape "
                + java.util.Arrays.toString(shape) + " with " + prefix + SCALE_SUFFIX + "; found "
                + (weight == null ? "none" : weight) + " among " + file.tensors().keySet());
      }
      weights[l] = weight.toByteArray();
      scales[l] = file.floats(prefix + SCALE_SUFFIX, shapes.outs[l]);
      biases[l] = file.floats(prefix + ".bias", shapes.outs[l]);
      for (int i = 0; i < scales[l].length; i++) {
        if (!Float.isFinite(scales[l][i]) || !Float.isFinite(biases[l][i])) {
          throw new SafeTensorsException(
              prefix + SCALE_SUFFIX + " or " + prefix + ".bias [" + i + "] is not finite");
        }
      }
    }
    return new Int8Layers(weights, scales, biases);
  }

  /**
   * Saves an INT8 network's weights as they are stored: per layer {@code <prefix>.weight} (I8,
   * [out, in]), {@code <prefix>.weight_scale} (F32, [out]) and {@code <prefix>.bias} (F32).
   * {@link #loadInt8} reads them back unchanged.
   *
   * @param columns per layer, the int8 weights by input column ({@code columns[l][j][i]})
   */
  public static void save(
      Path file, NetworkFiles.Shapes shapes, byte[][][] columns, float[][] scales, float[][] biases)
      throws IOException {
    List<Tensor> tensors = new ArrayList<>();
    for (int l = 0; l < columns.length; l++) {
      int out = shapes.outs[l];
      int in = shapes.ins[l];
      byte[] rowMajor = new byte[out * in];
      for (int j = 0; j < in; j++) {
        for (int i = 0; i < out; i++) {
          rowMajor[i * in + j] = columns[l][j][i];
        }
      }
      String prefix = shapes.prefix(l);
      tensors.add(Tensor.ofInt8(prefix + ".weight", new int[] {out, in}, rowMajor));
      tensors.add(Tensor.ofFloats(prefix + SCALE_SUFFIX, new int[] {out}, scales[l]));
      tensors.add(Tensor.ofFloats(prefix + ".bias", new int[] {out}, biases[l]));
    }
    SafeTensors.of(tensors).write(file);
  }
}
