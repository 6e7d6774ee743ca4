package dev.soma.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Gzipped IDX files, as Fashion-MNIST ships them: a big-endian header (magic 0x803 for images with
 * count, rows and columns; 0x801 for labels with count), then one unsigned byte per value.
 */
public final class Idx {
  /** Where Debian's dataset-fashion-mnist puts the files. */
  public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private Idx() {}

  /** The images of an IDX3 file, each a row-major {@code float[rows * columns]} scaled to [0, 1]. */
  public static float[][] images(Path file) throws IOException {
    byte[] bytes = read(file, 0x803);
    ByteBuffer header = ByteBuffer.wrap(bytes, 4, 12);
    int count = header.getInt();
    int pixels = header.getInt() * header.getInt();
    float[][] images = new float[count][pixels];
    for (int n = 0, at = 16; n < count; n++) {
      for (int p = 0; p < pixels; p++) {
        images[n][p] = (bytes[at++] & 0xff) / 255f;
      }
    }
    return images;
  }

  /** The labels of an IDX1 file. */
  public static int[] labels(Path file) throws IOException {
    byte[] bytes = read(file, 0x801);
    int[] labels = new int[ByteBuffer.wrap(bytes, 4, 4).getInt()];
    for (int n = 0; n < labels.length; n++) {
      labels[n] = bytes[8 + n] & 0xff;
    }
    return labels;
  }

  private static byte[] read(Path file, int magic) throws IOException {
    byte[] bytes;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      bytes = in.readAllBytes();
    }
    int found = ByteBuffer.wrap(bytes, 0, 4).getInt();
    if (found != magic) {
      throw new IOException(file + " starts with 0x" + Integer.toHexString(found) + ", not the IDX magic 0x" + Integer.toHexString(magic));
    }
    return bytes;
  }
}
