package dev.soma.processor.diagnostics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.processor.diag.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README lists every message a user can meet, in the words the processor prints. */
class ReadmeMessagesTest {
  @ParameterizedTest
  @EnumSource(Message.class)
  void readmeListsTheMessage(Message message) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String documented = message.documented();
    assertTrue(readme.contains(documented), "README.md lacks: " + documented);
  }
}
