package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Randomly corrupted weight files of every format, baked through javac: the compile succeeds or
 * fails with Soma's diagnostic on the user's file, never with an exception out of javac, a hang or
 * an error inside generated code. {@link MalformedInputFuzzTest} hammers the readers alone; this is
 * the same idea end to end.
 */
class WeightFileFuzzTest {
  private static final String[] FORMATS = {"safetensors", "npy", "npz", "onnx"};

  @Property(tries = 40)
  void corruptedFilesNeverCrashJavac(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int format) {
    String name = FORMATS[format];
    byte[] file = mutate(MalformedInputFuzzTest.seed(name), new SplittableRandom(seed));
    Path directory;
    try {
      directory = Files.createTempDirectory("soma-weight-fuzz");
      Files.write(directory.resolve("w." + name), file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    NetworkSource source =
        NetworkSource.of(
            "@Network(weights = \"w." + name + "\")",
            "@Dense(in = 3, out = 2)",
            "interface Net { double[] f(double[] x); }");
    Compilation compilation =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> source.compileWithJavac("-Asoma.weights.dir=" + directory));
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String message = diagnostic.getMessage(Locale.ROOT);
      if (message.contains("internal error") || message.contains("threw") || message.contains("Exception in")) {
        throw new AssertionError("a crash on a corrupted " + name + " (seed " + seed + "): " + message);
      }
      if (diagnostic.getKind() != Diagnostic.Kind.NOTE
          && diagnostic.getSource() != null
          && !diagnostic.getSource().getName().endsWith("Net.java")) {
        throw new AssertionError("a diagnostic in generated code (seed " + seed + "): " + diagnostic);
      }
    }
  }

  /** A few flipped bytes, a truncation or inserted bytes, as a damaged download would have. */
  static byte[] mutate(byte[] valid, SplittableRandom random) {
    byte[] bytes = valid.clone();
    switch (random.nextInt(3)) {
      case 0:
        for (int k = random.nextInt(1, 4); k > 0; k--) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
      case 1:
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
      default:
        int at = random.nextInt(bytes.length);
        byte[] inserted = new byte[bytes.length + random.nextInt(1, 9)];
        System.arraycopy(bytes, 0, inserted, 0, at);
        for (int k = at; k < at + inserted.length - bytes.length; k++) {
          inserted[k] = (byte) random.nextInt(256);
        }
        System.arraycopy(bytes, at, inserted, at + inserted.length - bytes.length, bytes.length - at);
        return inserted;
    }
  }
}
