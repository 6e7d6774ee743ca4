package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.soma.io.SafeTensors;
import dev.soma.io.SafeTensorsException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading weights at run time: bounded by the network, refusing devices and non-finite weights. */
class LoadBoundsTest {
  /** A 2 -> 2 -> 1 network: 9 weights and biases. */
  private static final NetworkFiles.Shapes SHAPES =
      new NetworkFiles.Shapes(new String[] {"", ""}, new int[] {2, 2}, new int[] {2, 1});

  @TempDir Path directory;

  /** A safetensors header describing one F32 tensor of {@code values} values, then an endless stream of zeros. */
  private static InputStream endless(long values) {
    String json = "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[" + values + "],\"data_offsets\":[0," + values * 4 + "]}}";
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(header.length).put(header);
    InputStream zeros =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 0);
            return len;
          }
        };
    return new SequenceInputStream(new ByteArrayInputStream(prefix.array()), zeros);
  }

  @Test
  void aHeaderPromisingFarMoreThanTheNetworkNeedsFailsBeforeTheData() {
    // one 2 GB tensor for a 9-parameter network: refused from the header, in well under a second
    SafeTensorsException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> assertThrows(SafeTensorsException.class, () -> NetworkFiles.read(endless(500_000_000L), SHAPES)));
    assertTrue(e.getMessage().contains("data bytes, more than the " + (9 * 8 + NetworkFiles.EXTRA_DATA_BYTES)), e.getMessage());
  }

  @Test
  void aDeviceIsNotReadAsAFile() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");
    SafeTensorsException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> assertThrows(SafeTensorsException.class, () -> SafeTensors.read(zero)));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void nonFiniteWeightsAreRefusedNamingThePlace() throws Exception {
    Path file = directory.resolve("nan.safetensors");
    float[][] weights = {{1, 2, 3, 4}, {5, Float.NaN}};
    float[][] biases = {{0, 0}, {0}};
    NetworkFiles.save(file, SHAPES, weights, biases);
    SafeTensorsException e =
        assertThrows(SafeTensorsException.class, () -> NetworkFiles.loadFloats(SafeTensors.read(file), SHAPES));
    assertTrue(e.getMessage().contains("1.weight[1] is NaN; weights must be finite numbers"), e.getMessage());
  }

  @Test
  void finiteWeightsLoadAsSaved() throws Exception {
    Path file = directory.resolve("ok.safetensors");
    float[][] weights = {{1, 2, 3, 4}, {5, 6}};
    float[][] biases = {{0.5f, -0.5f}, {0.25f}};
    NetworkFiles.save(file, SHAPES, weights, biases);
    try (InputStream in = Files.newInputStream(file)) {
      float[][][] loaded = NetworkFiles.loadFloats(NetworkFiles.read(in, SHAPES), SHAPES);
      assertArrayEquals(weights, loaded[0]);
      assertArrayEquals(biases, loaded[1]);
    }
  }
}
