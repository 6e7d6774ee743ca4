package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a Keras 3 {@code .keras} archive: a zip of {@code metadata.json}, {@code config.json} (the
 * model's architecture, checked by {@link KerasArchitecture}) and {@code model.weights.h5} (the
 * variables, read by {@link Keras3Weights}); other entries (assets) are inflated and dropped.
 * Everything the archive inflates to counts against the {@link ReadLimit}, so a small archive that
 * inflates to gigabytes is refused as it inflates.
 */
final class KerasArchive {
  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.weights.h5";
  private static final Set<String> ENTRIES = Set.of("metadata.json", CONFIG, WEIGHTS);

  private KerasArchive() {}

  /**
   * Whether {@code content} is a zip whose first entries (up to eight, read from their local
   * headers) include one that a {@code .keras} archive has and an {@code .npz} has not.
   */
  static boolean looksLikeKerasArchive(byte[] content) {
    ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 0;
    for (int entry = 0; entry < 8 && offset >= 0 && offset + 30 <= content.length; entry++) {
      if (buffer.getInt(offset) != 0x04034b50) {
        return false;
      }
      int flags = buffer.getShort(offset + 6) & 0xffff;
      long compressed = buffer.getInt(offset + 18) & 0xffff_ffffL;
      int nameLength = buffer.getShort(offset + 26) & 0xffff;
      int extraLength = buffer.getShort(offset + 28) & 0xffff;
      if (offset + 30 + nameLength > content.length) {
        return false;
      }
      String name = new String(content, offset + 30, nameLength, StandardCharsets.UTF_8);
      if (ENTRIES.contains(name)) {
        return true;
      }
      if ((flags & 8) != 0) {
        return false; // sizes follow the data: the next header cannot be found from here
      }
      long next = offset + 30L + nameLength + extraLength + compressed;
      offset = next > Integer.MAX_VALUE ? -1 : (int) next;
    }
    return false;
  }

  /** The Dense layers' tensors of the archive {@code content} called {@code file}, with its architecture. */
  static WeightFile.Tensors read(byte[] content, String file, ReadLimit limit) throws WeightFileException {
    byte[] config = null;
    byte[] weights = null;
    List<String> names = new ArrayList<>();
    long[] inflated = {0};
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        names.add(entry.getName());
        byte[] bytes = NumpyReader.readEntry(zip, entry.getName(), inflated, limit);
        if (entry.getName().equals(CONFIG)) {
          config = bytes;
        } else if (entry.getName().equals(WEIGHTS)) {
          weights = bytes;
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      throw new WeightFileException(Message.KERAS_ARCHIVE_CORRUPT, String.valueOf(e.getMessage()));
    } catch (IOException e) {
      throw new WeightFileException(Message.KERAS_ARCHIVE_CORRUPT, String.valueOf(e.getMessage()));
    }
    if (weights == null) {
      throw new WeightFileException(Message.KERAS_ARCHIVE_NO_WEIGHTS, String.join(", ", names));
    }
    List<KerasLayerConfig> architecture =
        config == null ? null : KerasArchitecture.parse(new String(config, StandardCharsets.UTF_8), CONFIG);
    return new WeightFile.Tensors(
        file,
        WeightFormat.KERAS_ARCHIVE,
        KerasWeights.readKeras3(weights, architecture),
        architecture == null ? List.of() : architecture);
  }
}
