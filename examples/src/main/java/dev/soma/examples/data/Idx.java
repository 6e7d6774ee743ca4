package dev.soma.examples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A reader for the IDX format of MNIST and Fashion-MNIST: a big-endian header of two zero bytes, a
 * type code (0x08 for unsigned bytes, the only type those data sets use) and the number of
 * dimensions, then each dimension's size as a 32-bit integer, then the values in row-major order.
 * Files ending in {@code .gz} are decompressed while reading.
 */
public final class Idx {
  /** The type code of unsigned bytes. */
  static final int UNSIGNED_BYTE = 0x08;

  private final int[] dimensions;
  private final byte[] values;

  private Idx(int[] dimensions, byte[] values) {
    this.dimensions = dimensions;
    this.values = values;
  }

  /** Reads an IDX file of unsigned bytes, gzip-compressed when its name ends in {@code .gz}. */
  public static Idx read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      return read(in, file.toString());
    }
  }

  /** Reads IDX data of unsigned bytes from {@code stream}; {@code name} is for messages. */
  public static Idx read(InputStream stream, String name) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      int zero = in.readUnsignedShort();
      int type = in.readUnsignedByte();
      int rank = in.readUnsignedByte();
      if (zero != 0) {
        throw new IOException(name + " is not an IDX file: it starts with 0x" + Integer.toHexString(zero) + ", not 0x0000");
      }
      if (type != UNSIGNED_BYTE) {
        throw new IOException(
            name + " holds IDX type 0x" + Integer.toHexString(type) + "; only unsigned bytes (0x08) are supported");
      }
      if (rank < 1) {
        throw new IOException(name + " declares " + rank + " dimensions; expected at least 1");
      }
      int[] dimensions = new int[rank];
      long count = 1;
      for (int k = 0; k < rank; k++) {
        dimensions[k] = in.readInt();
        if (dimensions[k] < 0) {
          throw new IOException(name + ": dimension " + k + " is " + dimensions[k]);
        }
        count *= dimensions[k];
        if (count > Integer.MAX_VALUE - 8) {
          throw new IOException(name + " holds more than 2^31 values");
        }
      }
      byte[] values = new byte[(int) count];
      in.readFully(values);
      if (in.read() != -1) {
        throw new IOException(name + " has data after the " + count + " values its header declares");
      }
      return new Idx(dimensions, values);
    } catch (EOFException e) {
      throw new IOException(name + " ends before the data its header declares", e);
    }
  }

  /** The size of each dimension: {@code {60000, 28, 28}} for Fashion-MNIST's training images. */
  public int[] dimensions() {
    return dimensions.clone();
  }

  /** The number of items: the first dimension. */
  public int count() {
    return dimensions[0];
  }

  /** Values per item: the product of the other dimensions (784 for 28 x 28 images, 1 for labels). */
  public int itemSize() {
    int size = 1;
    for (int k = 1; k < dimensions.length; k++) {
      size *= dimensions[k];
    }
    return size;
  }

  /** The value at a flat index, 0 to 255. */
  public int value(int index) {
    return values[index] & 0xFF;
  }

  /** Every item as floats divided by {@code scale}: pixels in [0, 1] for {@code scale} 255. */
  public float[][] floats(float scale) {
    int size = itemSize();
    float[][] items = new float[count()][size];
    for (int item = 0; item < items.length; item++) {
      float[] row = items[item];
      for (int k = 0; k < size; k++) {
        row[k] = (values[item * size + k] & 0xFF) / scale;
      }
    }
    return items;
  }

  /** The values as ints, for labels. */
  public int[] ints() {
    int[] ints = new int[values.length];
    for (int k = 0; k < ints.length; k++) {
      ints[k] = values[k] & 0xFF;
    }
    return ints;
  }

  @Override
  public String toString() {
    return "Idx" + Arrays.toString(dimensions);
  }
}
