package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * Finds the file named by {@code @Network(weights = ...)} the way a resource is found: relative to
 * the interface's package, then from the root, in the class output (where Maven copies {@code
 * src/main/resources} before compiling), the source path, the class path, and the directory given
 * with {@code -Asoma.weights.dir=...}. An absolute file-system path is read as it is.
 */
public final class WeightFileLocator {
  /** The processor option naming an extra directory to search. */
  public static final String DIRECTORY_OPTION = "soma.weights.dir";

  /** Where a file was found and its bytes, or why it cannot be read, or every place searched. */
  public static final class Located {
    private final String description;
    private final byte[] content;
    private final WeightFileException problem;
    private final List<String> searched;

    Located(String description, byte[] content, WeightFileException problem, List<String> searched) {
      this.description = description;
      this.content = content;
      this.problem = problem;
      this.searched = List.copyOf(searched);
    }

    public Optional<byte[]> content() {
      return Optional.ofNullable(content);
    }

    /** Why a file that was found cannot be used: too large, or not a regular file. */
    public Optional<WeightFileException> problem() {
      return Optional.ofNullable(problem);
    }

    /** The place the file was read from, for messages. */
    public String description() {
      return description;
    }

    public List<String> searched() {
      return searched;
    }
  }

  /** A file found at {@code place}: its bytes, or the reason they are not read. */
  private static final class Found {
    final byte[] content;
    final WeightFileException problem;

    Found(byte[] content, WeightFileException problem) {
      this.content = content;
      this.problem = problem;
    }
  }

  private static final JavaFileManager.Location[] LOCATIONS = {
    StandardLocation.CLASS_OUTPUT, StandardLocation.SOURCE_PATH, StandardLocation.CLASS_PATH
  };

  private final Filer filer;
  private final Optional<String> directory;

  public WeightFileLocator(Filer filer, Optional<String> directory) {
    this.filer = filer;
    this.directory = directory;
  }

  /**
   * Looks for {@code name} for an interface in package {@code packageName}, reading at most {@code
   * limit}: a larger file, or one that is not a regular file (a FIFO would block javac), is found
   * but not read.
   */
  public Located locate(String name, String packageName, ReadLimit limit) {
    List<String> searched = new ArrayList<>();
    Path asPath = Path.of(name);
    if (asPath.isAbsolute()) {
      searched.add(name);
      Optional<Found> found = readPath(asPath, name, limit);
      return located(name, found, searched);
    }
    Set<String> candidates = new LinkedHashSet<>();
    String relative = name.startsWith("/") ? name.substring(1) : name;
    if (!name.startsWith("/") && !packageName.isEmpty()) {
      candidates.add(packageName.replace('.', '/') + "/" + relative);
    }
    candidates.add(relative);
    for (String candidate : candidates) {
      for (JavaFileManager.Location location : LOCATIONS) {
        String place = describe(location, candidate);
        searched.add(place);
        Optional<Found> found = read(location, candidate, name, limit);
        if (found.isPresent()) {
          return located(place, found, searched);
        }
      }
      if (directory.isPresent()) {
        Path file = Path.of(directory.get()).resolve(candidate);
        searched.add(file.toString());
        Optional<Found> found = readPath(file, name, limit);
        if (found.isPresent()) {
          return located(file.toString(), found, searched);
        }
      }
    }
    return new Located(name, null, null, searched);
  }

  private static Located located(String place, Optional<Found> found, List<String> searched) {
    return found
        .map(f -> new Located(place, f.content, f.problem, searched))
        .orElseGet(() -> new Located(place, null, null, searched));
  }

  /** A file-system path: absent, refused (not regular, too large), or read. */
  private static Optional<Found> readPath(Path path, String name, ReadLimit limit) {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(path)) {
      return Optional.of(new Found(null, new WeightFileException(Message.WEIGHTS_FILE_NOT_REGULAR).inFile(name)));
    }
    try {
      if (Files.size(path) > limit.bytes()) {
        return Optional.of(new Found(null, limit.exceeded(name)));
      }
      try (InputStream in = Files.newInputStream(path)) {
        return Optional.of(bounded(in, name, limit));
      }
    } catch (IOException e) {
      return Optional.of(new Found(null, WeightFileException.of(name, e, Message.WEIGHTS_FILE_UNREADABLE, e)));
    }
  }

  /** At most {@code limit} bytes of {@code in}; one more is the error. */
  private static Found bounded(InputStream in, String name, ReadLimit limit) throws IOException {
    byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit.bytes() + 1));
    return content.length > limit.bytes() ? new Found(null, limit.exceeded(name)) : new Found(content, null);
  }

  /** {@code CLASS_OUTPUT app/model.onnx (file:///project/target/classes/app/model.onnx)}, where the compiler knows the path. */
  private String describe(JavaFileManager.Location location, String relativeName) {
    String place = location.getName() + " " + relativeName;
    try {
      FileObject file = filer.getResource(location, "", relativeName);
      return place + " (" + file.toUri() + ")";
    } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException unknown) {
      return place;
    }
  }

  /**
   * A resource of the compiler's: a file on disk is checked like any path before it is opened; a
   * resource inside a jar or in memory is read up to the limit.
   */
  private Optional<Found> read(JavaFileManager.Location location, String relativeName, String name, ReadLimit limit) {
    FileObject file;
    try {
      file = filer.getResource(location, "", relativeName);
    } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException absent) {
      return Optional.empty();
    }
    URI uri = file.toUri();
    if ("file".equals(uri.getScheme())) {
      return readPath(Path.of(uri), name, limit);
    }
    try (InputStream in = file.openInputStream()) {
      return Optional.of(bounded(in, name, limit));
    } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException absent) {
      return Optional.empty();
    }
  }
}
