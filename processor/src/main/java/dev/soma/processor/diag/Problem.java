package dev.soma.processor.diag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.tools.Diagnostic;

/**
 * A diagnostic found away from the processor, such as in a weight file, before it has a position:
 * a {@link Message} and the arguments for its placeholders. {@link Report#add(Position, Problem)}
 * places it.
 *
 * @param args the placeholders' values, in order
 */
public record Problem(Message message, List<Object> args) {
  public Problem {
    args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  public static Problem of(Message message, Object... args) {
    return new Problem(message, Arrays.asList(args));
  }

  /** Error or warning, as the message says. */
  public Diagnostic.Kind kind() {
    return message.kind();
  }

  /** The text the user sees. */
  public String text() {
    return message.format(args.toArray());
  }
}
