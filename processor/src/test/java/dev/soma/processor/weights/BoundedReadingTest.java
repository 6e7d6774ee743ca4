package dev.soma.processor.weights;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weight files are read only when they are regular files no larger than the declared network can
 * need: a pipe, a device or an oversized file is an error before anything is read, so javac never
 * blocks or runs out of memory.
 */
class BoundedReadingTest {
  /** 2 -> 2 -> 1: 9 weights and biases, so at most 72 bytes plus the header allowance. */
  private static final String[] DECLARATION = {
    "@Network(weights = \"model.safetensors\")",
    "@Dense(in = 2, out = 2)",
    "@Activation(RELU)",
    "@Dense(in = 2, out = 1)",
    "interface Net { float[] f(float[] x); }"
  };

  @TempDir Path directory;

  private Compilation compile(String... declaration) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> NetworkSource.of(declaration).compileWithJavac("-Asoma.weights.dir=" + directory));
  }

  @Test
  void aFileLargerThanTheNetworkCanNeedIsNotRead() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(directory.resolve("model.safetensors").toFile(), "rw")) {
      file.setLength(ReadLimit.HEADER_ALLOWANCE + 1024); // sparse: nothing is written
    }
    Compilation compilation = compile(DECLARATION);
    assertThat(compilation)
        .hadErrorContaining(
            "weight file model.safetensors: holds more than "
                + (9 * 8 + ReadLimit.HEADER_ALLOWANCE)
                + " bytes, more than the declared network can need (9 weights and biases at 8 bytes each, plus "
                + ReadLimit.HEADER_ALLOWANCE
                + " bytes for headers and graph)");
  }

  @Test
  void aPipeIsRefusedInsteadOfBlockingJavac() throws Exception {
    Path fifo = directory.resolve("model.safetensors");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
    assertThat(compile(DECLARATION))
        .hadErrorContaining("weight file model.safetensors: not a regular file (a directory, a device or a pipe)");
  }

  @Test
  void aLinkToADeviceIsRefused() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");
    Files.createSymbolicLink(directory.resolve("model.safetensors"), zero);
    assertThat(compile(DECLARATION)).hadErrorContaining("weight file model.safetensors: not a regular file");
  }

  @Test
  void aDirectoryIsRefused() throws IOException {
    Files.createDirectory(directory.resolve("model.safetensors"));
    assertThat(compile(DECLARATION)).hadErrorContaining("weight file model.safetensors: not a regular file");
  }

  @Test
  void anArchiveThatInflatesBeyondTheLimitStopsInflating() throws IOException {
    // a valid .npy of 20 MiB of zeros deflates to about 20 KB
    int count = 5 << 20;
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + count + ",), }";
    StringBuilder padded = new StringBuilder(header);
    while ((10 + padded.length() + 1) % 64 != 0) {
      padded.append(' ');
    }
    padded.append('\n');
    Path npz = directory.resolve("model.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
      zip.putNextEntry(new ZipEntry("0.weight.npy"));
      zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      zip.write(new byte[] {(byte) padded.length(), (byte) (padded.length() >> 8)});
      zip.write(padded.toString().getBytes(StandardCharsets.US_ASCII));
      OutputStream out = zip;
      byte[] zeros = new byte[1 << 16];
      for (long written = 0; written < 4L * count; written += zeros.length) {
        out.write(zeros);
      }
      zip.closeEntry();
    }
    assertThat(Files.size(npz)).isLessThan(1L << 20);
    String[] declaration = DECLARATION.clone();
    declaration[0] = "@Network(weights = \"model.npz\")";
    assertThat(compile(declaration)).hadErrorContaining("weight file model.npz: holds more than " + (9 * 8 + ReadLimit.HEADER_ALLOWANCE) + " bytes");
  }

  @Test
  void limitsFollowTheDeclaration() {
    assertEquals(9 * 8 + ReadLimit.HEADER_ALLOWANCE, ReadLimit.forParameters(9).bytes());
    assertEquals(ReadLimit.HARD_CAP, ReadLimit.forParameters(1L << 40).bytes());
    assertEquals(ReadLimit.HARD_CAP, ReadLimit.undeclared().bytes());
  }
}
