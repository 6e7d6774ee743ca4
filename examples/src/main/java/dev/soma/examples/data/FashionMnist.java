package dev.soma.examples.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 training and 10,000 test images of 28 x 28
 * grey pixels in ten classes of clothing, read from the IDX files Debian's {@code
 * dataset-fashion-mnist} package installs. Pixels are scaled to [0, 1].
 */
public final class FashionMnist {
  /** Where Debian's package puts the files. */
  public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

  /** The environment variable naming the data directory (or a directory holding {@code fashion-mnist/}). */
  public static final String ENVIRONMENT = "SOMA_DATA";

  /** The class names, by label. */
  public static final List<String> CLASSES =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private final float[][] trainImages;
  private final int[] trainLabels;
  private final float[][] testImages;
  private final int[] testLabels;

  private FashionMnist(float[][] trainImages, int[] trainLabels, float[][] testImages, int[] testLabels) {
    this.trainImages = trainImages;
    this.trainLabels = trainLabels;
    this.testImages = testImages;
    this.testLabels = testLabels;
  }

  /**
   * The data directory: {@code path} if given, else {@code $SOMA_DATA} (itself or its {@code
   * fashion-mnist} subdirectory), else Debian's; empty when none of them holds the files.
   */
  public static Optional<Path> locate(String path) {
    if (path != null && !path.isEmpty()) {
      return holdsFiles(Path.of(path)) ? Optional.of(Path.of(path)) : Optional.empty();
    }
    String environment = System.getenv(ENVIRONMENT);
    if (environment != null && !environment.isEmpty()) {
      for (Path candidate : List.of(Path.of(environment), Path.of(environment, "fashion-mnist"))) {
        if (holdsFiles(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return holdsFiles(DEBIAN) ? Optional.of(DEBIAN) : Optional.empty();
  }

  /** How to get the data, for messages when {@link #locate} finds nothing. */
  public static String howToGet() {
    return "Fashion-MNIST not found: install it with `apt-get install dataset-fashion-mnist` (files in "
        + DEBIAN
        + "), or set "
        + ENVIRONMENT
        + " to a directory holding "
        + TRAIN_IMAGES
        + "[.gz] and the other three IDX files";
  }

  /** Reads all four files from {@code directory}. */
  public static FashionMnist read(Path directory) throws IOException {
    Idx trainImages = Idx.read(required(directory, TRAIN_IMAGES));
    Idx trainLabels = Idx.read(required(directory, TRAIN_LABELS));
    Idx testImages = Idx.read(required(directory, TEST_IMAGES));
    Idx testLabels = Idx.read(required(directory, TEST_LABELS));
    check(trainImages, trainLabels);
    check(testImages, testLabels);
    return new FashionMnist(trainImages.floats(255f), trainLabels.ints(), testImages.floats(255f), testLabels.ints());
  }

  private static void check(Idx images, Idx labels) throws IOException {
    if (images.itemSize() != 784 || labels.itemSize() != 1 || images.count() != labels.count()) {
      throw new IOException("expected n images of 28 x 28 and n labels, found " + images + " and " + labels);
    }
  }

  private static boolean holdsFiles(Path directory) {
    return Files.isDirectory(directory) && file(directory, TRAIN_IMAGES) != null;
  }

  private static Path required(Path directory, String name) throws IOException {
    Path file = file(directory, name);
    if (file == null) {
      throw new IOException(directory.resolve(name) + "[.gz] does not exist; " + howToGet());
    }
    return file;
  }

  /** The file {@code name} or {@code name.gz} in {@code directory}, or null. */
  private static Path file(Path directory, String name) {
    for (Path candidate : List.of(directory.resolve(name + ".gz"), directory.resolve(name))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  public float[][] trainImages() {
    return trainImages;
  }

  public int[] trainLabels() {
    return trainLabels;
  }

  public float[][] testImages() {
    return testImages;
  }

  public int[] testLabels() {
    return testLabels;
  }
}
