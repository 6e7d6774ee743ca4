package dev.soma.runtime;

import dev.soma.Storage;
import dev.soma.io.SafeTensors;
import dev.soma.io.SafeTensorsException;
import dev.soma.io.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

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
      return int8Layers(SafeTensors.read(in), shapes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read baked weights " + name + " of " + owner.getName(), e);
    }
  }

  private static Int8Layers int8Layers(SafeTensors file, NetworkFiles.Shapes shapes)
      throws SafeTensorsException {
    int layers = shapes.names.length;
    byte[][] weights = new byte[layers][];
    float[][] scales = new float[layers][];
    float[][] biases = new float[layers][];
    for (int l = 0; l < layers; l++) {
      String prefix = shapes.prefix(l);
      Tensor weight = file.tensors().get(prefix + ".weight");
      if (weight == null || weight.elementCount() != shapes.outs[l] * shapes.ins[l]) {
        throw new SafeTensorsException("missing or misshapen int8 tensor " + prefix + ".weight");
      }
      weights[l] = weight.toByteArray();
      scales[l] = file.floats(prefix + SCALE_SUFFIX, shapes.outs[l]);
      biases[l] = file.floats(prefix + ".bias", shapes.outs[l]);
    }
    return new Int8Layers(weights, scales, biases);
  }
}
