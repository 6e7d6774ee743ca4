package dev.soma.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  private static void write(Path file, int... ints) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
      for (int i = 0; i < 4 && i < ints.length; i++) {
        out.writeInt(ints[i]);
      }
    }
  }

  @Test
  void readsIdxImagesAndLabels(@TempDir Path dir) throws IOException {
    Path images = dir.resolve("i.gz");
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
      out.writeInt(0x803);
      out.writeInt(2);
      out.writeInt(1);
      out.writeInt(2);
      out.write(new byte[] {0, (byte) 255, (byte) 51, 102});
    }
    Path labels = dir.resolve("l.gz");
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(labels)))) {
      out.writeInt(0x801);
      out.writeInt(3);
      out.write(new byte[] {9, 0, 4});
    }
    float[][] read = FashionMnist.images(images);
    assertEquals(2, read.length);
    assertArrayEquals(new float[] {0, 1}, read[0], 0);
    assertArrayEquals(new float[] {0.2f, 0.4f}, read[1], 1e-7f);
    assertArrayEquals(new int[] {9, 0, 4}, FashionMnist.labels(labels));
    assertThrows(IOException.class, () -> FashionMnist.labels(images));
  }

  @Test
  void findsADirectoryOnlyWithAllFourFiles(@TempDir Path dir) throws IOException {
    Path partial = Files.createDirectory(dir.resolve("partial"));
    write(partial.resolve(FashionMnist.FILES.get(0)), 0x803);
    Path full = Files.createDirectory(dir.resolve("full"));
    for (String f : FashionMnist.FILES) {
      write(full.resolve(f), 0);
    }
    assertTrue(FashionMnist.find(List.of(partial)).isEmpty());
    assertEquals(full, FashionMnist.find(List.of(partial, full)).orElseThrow());
    assertEquals(
        dir.resolve("x").resolve("fashion-mnist"),
        FashionMnist.searchPath(dir.resolve("x").toString()).get(0));
    assertTrue(FashionMnist.HOW_TO_GET.contains("apt-get install dataset-fashion-mnist"));
  }
}
