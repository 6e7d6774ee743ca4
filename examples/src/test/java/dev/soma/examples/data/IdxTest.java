package dev.soma.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written byte by byte from the format's description. */
class IdxTest {
  /** Two images of 2 x 3 pixels: magic 0x00000803, then dimensions 2, 2, 3, then 12 bytes. */
  private static final byte[] IMAGES = {
    0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
    0, 1, 2, 3, 4, 5, (byte) 255, (byte) 128, 0, 0, 0, 51
  };

  @Test
  void readsUnsignedBytesInRowMajorOrder(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("images-idx3-ubyte.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(IMAGES);
    }
    Idx idx = Idx.read(file);

    assertArrayEquals(new int[] {2, 2, 3}, idx.dimensions());
    assertEquals(2, idx.count());
    assertEquals(6, idx.itemSize());
    assertEquals(255, idx.value(6));
    float[][] pixels = idx.floats(255f);
    assertArrayEquals(new float[] {0, 1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f, 5 / 255f}, pixels[0]);
    assertArrayEquals(new float[] {1, 128 / 255f, 0, 0, 0, 0.2f}, pixels[1]);
  }

  @Test
  void readsLabels() throws IOException {
    byte[] labels = {0, 0, 8, 1, 0, 0, 0, 3, 9, 0, 7};
    assertArrayEquals(new int[] {9, 0, 7}, Idx.read(new ByteArrayInputStream(labels), "labels").ints());
  }

  @Test
  void rejectsWhatIsNotIdx() {
    assertEquals(
        "x is not an IDX file: it starts with 0x1f8b, not 0x0000",
        message(new byte[] {0x1f, (byte) 0x8b, 8, 1, 0, 0, 0, 0}));
    assertEquals(
        "x holds IDX type 0xd; only unsigned bytes (0x08) are supported",
        message(new byte[] {0, 0, 0x0d, 1, 0, 0, 0, 0}));
    assertEquals("x ends before the data its header declares", message(new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 1}));
    assertEquals(
        "x has data after the 1 values its header declares", message(new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 1, 2}));
  }

  private static String message(byte[] bytes) {
    return assertThrows(IOException.class, () -> Idx.read(new ByteArrayInputStream(bytes), "x")).getMessage();
  }
}
