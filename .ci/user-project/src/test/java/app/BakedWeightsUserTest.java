package app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.soma.Soma;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BakedWeightsUserTest {
  private static final float[] X = {2, 5, 1};
  private static final float[] Z = {3.2f, 2.4f}; // 0.1*2 + 0.4*5 + 0.5*1 + 0.5, 0.2*2 + 0.3*5 + 0.6*1 - 0.1

  @Test
  void everyFormatBakesTheLectureLayer() {
    assertArrayEquals(Z, Soma.create(BakedLectures.FromSafetensors.class).z(X), 1e-6f);
    assertArrayEquals(Z, Soma.create(BakedLectures.FromNumpy.class).z(X), 1e-6f);
    assertArrayEquals(Z, Soma.create(BakedLectures.FromOnnx.class).z(X), 1e-6f);
  }

  @Test
  void savedWeightsLoadBack(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("party.safetensors");
    SomaPartyDecider party = SomaPartyDecider.random(3);
    party.save(file);
    SomaPartyDecider loaded = SomaPartyDecider.load(file);
    assertArrayEquals(new float[] {party.attend(1, 2, 3)}, new float[] {loaded.attend(1, 2, 3)});
    Files.write(file, new byte[] {1, 2, 3});
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> SomaPartyDecider.load(file));
  }
}
