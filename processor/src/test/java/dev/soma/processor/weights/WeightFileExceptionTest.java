package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Problem;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/** A weight-file problem is a catalogue message; the file's name joins it once known. */
class WeightFileExceptionTest {
  @Test
  void beforeTheFileIsKnownTheMessageIsTheTextAfterIt() {
    WeightFileException e = new WeightFileException(Message.NPY_VERSION, "fc1.weight", 4, 0);
    assertEquals("'fc1.weight': .npy format version 4.0; expected 1.0, 2.0 or 3.0", e.getMessage());
  }

  @Test
  void inAFileTheProblemStartsWithItsName() {
    WeightFileException e =
        new WeightFileException(Message.NPY_VERSION, "fc1.weight", 4, 0).inFile("w/a.npz");
    assertEquals(
        "weight file w/a.npz: 'fc1.weight': .npy format version 4.0; expected 1.0, 2.0 or 3.0",
        e.getMessage());
    Problem problem = e.problem();
    assertEquals(Message.NPY_VERSION, problem.message());
    assertEquals(List.of("w/a.npz", "fc1.weight", 4, 0), problem.args());
    assertEquals(Diagnostic.Kind.ERROR, problem.kind());
    assertEquals(e.getMessage(), problem.text());
  }

  @Test
  void theCauseSurvivesNamingTheFile() {
    var cause = new java.io.IOException("disk on fire");
    WeightFileException e =
        WeightFileException.of("a.npy", cause, Message.WEIGHTS_FILE_UNREADABLE, cause);
    assertEquals(
        "weight file a.npy: cannot read: java.io.IOException: disk on fire", e.getMessage());
    assertEquals(cause, e.inFile("b.npy").getCause());
    assertEquals(
        "weight file b.npy: cannot read: java.io.IOException: disk on fire",
        e.inFile("b.npy").getMessage());
  }

  @Test
  void onlyMessagesAboutAWeightFileAreAccepted() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new WeightFileException(Message.NO_LAYERS, "Net"));
  }

  @Test
  void everyWeightFileMessageIsAboutOneFile() {
    for (Message message : Message.values()) {
      boolean weights =
          message.name().startsWith("NPY_")
              || message.name().startsWith("NPZ_")
              || message.name().startsWith("PROTOBUF_")
              || message.name().startsWith("ONNX_")
              || message.name().startsWith("TENSOR_")
              || message.name().startsWith("KERAS_")
              || message.name().equals("SAFETENSORS_INVALID")
              || (message.name().startsWith("WEIGHTS_FILE_")
                  && !message.name().equals("WEIGHTS_FILE_NOT_FOUND")
                  && !message.name().equals("WEIGHTS_FILE_AND_INLINE"));
      assertEquals(weights, message.aboutWeightFile(), message.name());
      assertEquals(weights, message.documented().startsWith("weight file …: "), message.name());
    }
  }
}
