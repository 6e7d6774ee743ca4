package dev.soma.examples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Zalando, 60,000 training and 10,000 test images of 28 x 28 grey pixels, 10
 * classes) read from its gzipped IDX files. IDX: a big-endian magic number ({@code 0x00000803} for
 * images, {@code 0x00000801} for labels), the dimension sizes as big-endian ints, then unsigned
 * bytes.
 */
public record FashionMnist(
    float[][] trainImages, int[] trainLabels, float[][] testImages, int[] testLabels) {

  /** The class names, by label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The four files, as the Debian package {@code dataset-fashion-mnist} installs them. */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  /** Where the Debian package puts the files. */
  public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** How to get the data, printed when it is missing. */
  public static final String HOW_TO_GET =
      "Fashion-MNIST not found. On Debian/Ubuntu: apt-get install dataset-fashion-mnist (31 MB,"
          + " installs "
          + DEBIAN_DIRECTORY
          + "). Elsewhere: download "
          + String.join(", ", FILES)
          + " from https://github.com/zalandoresearch/fashion-mnist (data/fashion) into a"
          + " directory and set SOMA_DATA to it.";

  /**
   * The directories searched, in order: {@code $SOMA_DATA/fashion-mnist}, {@code $SOMA_DATA}, then
   * {@link #DEBIAN_DIRECTORY}.
   */
  public static List<Path> searchPath(String somaData) {
    List<Path> paths = new ArrayList<>();
    if (somaData != null && !somaData.isBlank()) {
      paths.add(Path.of(somaData, "fashion-mnist"));
      paths.add(Path.of(somaData));
    }
    paths.add(DEBIAN_DIRECTORY);
    return paths;
  }

  /** The first directory of {@link #searchPath} holding all four files. */
  public static Optional<Path> find(String somaData) {
    return find(searchPath(somaData));
  }

  /** The first of {@code directories} holding all four files. */
  public static Optional<Path> find(List<Path> directories) {
    return directories.stream()
        .filter(dir -> FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f))))
        .findFirst();
  }

  /** Reads the four files from {@code directory}; pixels scaled to [0, 1]. */
  public static FashionMnist load(Path directory) throws IOException {
    return new FashionMnist(
        images(directory.resolve(FILES.get(0))),
        labels(directory.resolve(FILES.get(1))),
        images(directory.resolve(FILES.get(2))),
        labels(directory.resolve(FILES.get(3))));
  }

  /** The images of a gzipped IDX3 file, each a row-major {@code float[rows * cols]} in [0, 1]. */
  public static float[][] images(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      expectMagic(in, 0x803, file);
      int count = in.readInt();
      int pixels = in.readInt() * in.readInt();
      float[][] images = new float[count][pixels];
      byte[] buffer = new byte[pixels];
      for (float[] image : images) {
        in.readFully(buffer);
        for (int p = 0; p < pixels; p++) {
          image[p] = (buffer[p] & 0xff) / 255f;
        }
      }
      return images;
    }
  }

  /** The labels of a gzipped IDX1 file. */
  public static int[] labels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      expectMagic(in, 0x801, file);
      int[] labels = new int[in.readInt()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = in.readUnsignedByte();
      }
      return labels;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)));
  }

  private static void expectMagic(DataInputStream in, int expected, Path file) throws IOException {
    int magic = in.readInt();
    if (magic != expected) {
      throw new IOException(
          String.format("%s: IDX magic number 0x%08x, expected 0x%08x", file, magic, expected));
    }
  }
}
