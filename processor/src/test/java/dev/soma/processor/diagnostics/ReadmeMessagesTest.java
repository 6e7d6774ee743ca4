package dev.soma.processor.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.processor.diag.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README lists every message a user can meet, in the words the processor prints. */
class ReadmeMessagesTest {
  static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
  }

  /** The rows "| kind | message | when |" of the README's table of compile-time messages. */
  static List<String[]> tableRows() throws IOException {
    String section = readme().split("## Compile-time errors and warnings", 2)[1].split("\n## ", 2)[0];
    List<String[]> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| error | ")
          || line.startsWith("| warning | ")
          || line.startsWith("| note | ")) {
        String[] cells = line.split(" \\| ");
        rows.add(new String[] {cells[0].substring(2), cells[1]});
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(Message.class)
  void readmeListsTheMessage(Message message) throws IOException {
    String documented = message.documented();
    assertTrue(readme().contains(documented), "README.md lacks: " + documented);
  }

  @Test
  void everyRowOfTheTableIsOneMessageOfItsKind() throws IOException {
    List<String[]> rows = tableRows();
    assertEquals(Message.values().length, rows.size(), "rows of the README's message table");
    for (int k = 0; k < rows.size(); k++) {
      Message message = Message.values()[k];
      assertEquals(message.documented(), rows.get(k)[1], "row " + (k + 1));
      assertEquals(message.kind().name().toLowerCase(Locale.ROOT), rows.get(k)[0], "row " + (k + 1));
    }
  }
}
