package dev.soma.processor.testing;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The class files and resources of a compile-testing {@link Compilation}, loadable: the test's
 * interface and the generated class, with the runtime from the test class path.
 */
public final class CompiledClasses extends ClassLoader {
  private static final String OUTPUT = "CLASS_OUTPUT/";

  private final Map<String, byte[]> files = new HashMap<>();

  public CompiledClasses(Compilation compilation) {
    super(CompiledClasses.class.getClassLoader());
    for (JavaFileObject file : compilation.generatedFiles()) {
      String name = file.toUri().getPath();
      int at = name.indexOf(OUTPUT);
      if (at < 0) {
        continue;
      }
      try (InputStream in = file.openInputStream()) {
        files.put(name.substring(at + OUTPUT.length()), in.readAllBytes());
      } catch (java.io.FileNotFoundException probedButNeverWritten) {
        // the processor looked for a weight file in the class output; compile-testing lists the probe
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The bytes of a class file or resource, by path: {@code test/SomaNet.class}. */
  public byte[] file(String path) {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new IllegalArgumentException(path + " not generated; have " + files.keySet());
    }
    return bytes.clone();
  }

  public boolean has(String path) {
    return files.containsKey(path);
  }

  /** A new instance of {@code className} made with its constructor for {@code arguments}. */
  public Object create(String className, Class<?>[] parameterTypes, Object... arguments) {
    try {
      return loadClass(className).getConstructor(parameterTypes).newInstance(arguments);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = files.get(name.replace('.', '/') + ".class");
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    byte[] bytes = files.get(name);
    return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
  }
}
