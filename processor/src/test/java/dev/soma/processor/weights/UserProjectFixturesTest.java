package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.soma.processor.weights.testing.UserProjectFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weight files committed for CI's user project are exactly what {@link UserProjectFixtures} writes. */
class UserProjectFixturesTest {
  @Test
  void committedFixturesAreCurrent() throws IOException {
    Path directory = Path.of("..", ".ci", "user-project", "src", "main", "resources");
    for (Map.Entry<String, byte[]> file : UserProjectFixtures.files().entrySet()) {
      assertArrayEquals(
          file.getValue(),
          Files.readAllBytes(directory.resolve(file.getKey())),
          file.getKey() + " is stale: run UserProjectFixtures.main from the processor directory");
    }
  }
}
