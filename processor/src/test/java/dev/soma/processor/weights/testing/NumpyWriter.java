package dev.soma.processor.weights.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NumPy {@code .npy} and {@code .npz} files for tests, following the format description in
 * NumPy's {@code numpy/lib/format.py}: magic, version, little-endian header length, a Python dict
 * literal padded with spaces and a newline so the data starts at a multiple of 64.
 */
public final class NumpyWriter {
  private NumpyWriter() {}

  /**
   * An {@code .npy} file. {@code cOrderValues} are row-major; with {@code fortran} they are written
   * column-major and the header says so.
   *
   * @param descr {@code <f4}, {@code >f4}, {@code <f8}, {@code >f8}, {@code <f2} or any other
   *     string (written as is, with 4-byte little-endian elements, for bad-dtype tests)
   * @param major format version 1, 2 or 3
   */
  public static byte[] npy(
      String descr, boolean fortran, int major, int[] shape, double[] cOrderValues) {
    double[] values = fortran ? cToFortran(cOrderValues, shape) : cOrderValues;
    StringBuilder shapeText = new StringBuilder("(");
    for (int dim : shape) {
      shapeText.append(dim).append(", ");
    }
    if (shape.length > 0) {
      shapeText.setLength(shapeText.length() - (shape.length == 1 ? 1 : 2)); // "(3,)" or "(2, 3)"
    }
    shapeText.append(')');
    String dict =
        "{'descr': '"
            + descr
            + "', 'fortran_order': "
            + (fortran ? "True" : "False")
            + ", 'shape': "
            + shapeText
            + ", }";
    int preamble = major == 1 ? 10 : 12;
    int total = preamble + dict.length() + 1;
    String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteBuffer prefix = ByteBuffer.allocate(preamble).order(ByteOrder.LITTLE_ENDIAN);
    prefix.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      prefix.putShort((short) header.length());
    } else {
      prefix.putInt(header.length());
    }
    ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int size = descr.endsWith("8") ? 8 : descr.endsWith("2") ? 2 : 4;
    ByteBuffer data = ByteBuffer.allocate(values.length * size).order(order);
    for (double v : values) {
      switch (size) {
        case 8 -> data.putDouble(v);
        case 2 -> data.putShort((short) exactFloat16Bits((float) v));
        default -> data.putFloat((float) v);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(prefix.array());
    out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(data.array());
    return out.toByteArray();
  }

  /**
   * The binary16 bits of {@code v}, which must be zero or a normal float16 value (exactly
   * representable): sign, exponent rebiased from 127 to 15, top 10 fraction bits.
   */
  static int exactFloat16Bits(float v) {
    int bits = Float.floatToRawIntBits(v);
    int sign = (bits >>> 16) & 0x8000;
    if ((bits & 0x7fff_ffff) == 0) {
      return sign;
    }
    int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
    if (exponent < 1 || exponent > 30 || (bits & 0x1fff) != 0) {
      throw new IllegalArgumentException(v + " is not a normal float16 value");
    }
    return sign | exponent << 10 | (bits >>> 13) & 0x3ff;
  }

  /**
   * Reorders row-major values column-major, computed from strides (independently of the reader).
   */
  static double[] cToFortran(double[] values, int[] shape) {
    double[] out = new double[values.length];
    int rank = shape.length;
    for (int c = 0; c < values.length; c++) {
      int rest = c;
      int f = 0;
      int[] index = new int[rank];
      for (int d = rank - 1; d >= 0; d--) {
        index[d] = rest % shape[d];
        rest /= shape[d];
      }
      int stride = 1;
      for (int d = 0; d < rank; d++) {
        f += index[d] * stride;
        stride *= shape[d];
      }
      out[f] = values[c];
    }
    return out;
  }

  /** An {@code .npz} archive of {@code arrays} (name without {@code .npy} to file bytes). */
  public static byte[] npz(Map<String, byte[]> arrays, boolean deflate) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> array : arrays.entrySet()) {
        ZipEntry entry = new ZipEntry(array.getKey() + ".npy");
        entry.setTime(315532800000L); // 1980-01-01, the zip epoch: the same bytes on every run
        byte[] content = array.getValue();
        if (!deflate) {
          CRC32 crc = new CRC32();
          crc.update(content);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(content.length);
          entry.setCompressedSize(content.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
