package dev.soma.processor.weights;

import java.io.IOException;
import java.io.InputStream;
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

  /** Where a file was found and its bytes, or every place searched. */
  public static final class Located {
    private final String description;
    private final byte[] content;
    private final List<String> searched;

    Located(String description, byte[] content, List<String> searched) {
      this.description = description;
      this.content = content;
      this.searched = List.copyOf(searched);
    }

    public Optional<byte[]> content() {
      return Optional.ofNullable(content);
    }

    /** The place the file was read from, for messages. */
    public String description() {
      return description;
    }

    public List<String> searched() {
      return searched;
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

  /** Looks for {@code name} for an interface in package {@code packageName}. */
  public Located locate(String name, String packageName) throws IOException {
    List<String> searched = new ArrayList<>();
    Path asPath = Path.of(name);
    if (asPath.isAbsolute()) {
      searched.add(name);
      return Files.isRegularFile(asPath)
          ? new Located(name, Files.readAllBytes(asPath), searched)
          : new Located(name, null, searched);
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
        Optional<byte[]> content = read(location, candidate);
        if (content.isPresent()) {
          return new Located(place, content.get(), searched);
        }
      }
      if (directory.isPresent()) {
        Path file = Path.of(directory.get()).resolve(candidate);
        searched.add(file.toString());
        if (Files.isRegularFile(file)) {
          return new Located(file.toString(), Files.readAllBytes(file), searched);
        }
      }
    }
    return new Located(name, null, searched);
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

  private Optional<byte[]> read(JavaFileManager.Location location, String relativeName) {
    try {
      FileObject file = filer.getResource(location, "", relativeName);
      try (InputStream in = file.openInputStream()) {
        return Optional.of(in.readAllBytes());
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException absent) {
      return Optional.empty();
    }
  }
}
