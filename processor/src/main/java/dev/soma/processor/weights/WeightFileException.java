package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A weight file that cannot be used: unreadable, malformed, of an unknown format, or describing a
 * graph Soma cannot turn into dense layers. It carries a {@link Message} about a weight file (one
 * whose text starts "weight file …: ") and the arguments after the file's name; {@link
 * WeightFiles} attaches the name with {@link #inFile}. Until then {@link #getMessage()} is the
 * text after the name.
 */
public final class WeightFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Message message;
  private final transient List<Object> details;
  private final String file;

  /** A problem not yet attributed to a file; {@code details} fill the placeholders after it. */
  public WeightFileException(Message message, Object... details) {
    this(null, message, Arrays.asList(details), null);
  }

  private WeightFileException(String file, Message message, List<Object> details, Throwable cause) {
    super(cause);
    if (!message.aboutWeightFile()) {
      throw new IllegalArgumentException(message + " is not a message about a weight file");
    }
    this.file = file;
    this.message = message;
    this.details = Collections.unmodifiableList(new ArrayList<>(details));
  }

  /** The problem with the file's name first, as the user sees it; "?" for a file not yet named. */
  public Problem problem() {
    List<Object> args = new ArrayList<>();
    args.add(file == null ? "?" : file);
    args.addAll(details);
    return new Problem(message, args);
  }

  /** The full text once attributed to a file, else the text after "weight file …: ". */
  @Override
  public String getMessage() {
    return file == null ? message.formatWithoutFile(details.toArray()) : problem().text();
  }

  /** The same problem, in {@code file}. */
  public WeightFileException inFile(String file) {
    return new WeightFileException(file, message, details, getCause());
  }

  /** A problem found in {@code file}, caused by {@code cause} (such as an I/O error). */
  static WeightFileException of(String file, Throwable cause, Message message, Object... details) {
    return new WeightFileException(file, message, Arrays.asList(details), cause);
  }
}
