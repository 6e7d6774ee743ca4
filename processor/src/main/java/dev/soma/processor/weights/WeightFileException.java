package dev.soma.processor.weights;

/**
 * A weight file that cannot be used: unreadable, malformed, of an unknown format, or describing a
 * graph Soma cannot turn into dense layers. The message is meant for the user as it stands: it
 * names the file (once {@link WeightFiles} has attached it) and says what is wrong, with expected
 * versus found values where there are any.
 */
public final class WeightFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String problem;

  /** A problem not yet attributed to a file. */
  public WeightFileException(String problem) {
    super(problem);
    this.problem = problem;
  }

  private WeightFileException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.problem = problem;
  }

  /** The problem without the file name. */
  public String problem() {
    return problem;
  }

  /** The same problem, with the message prefixed by {@code file}. */
  public WeightFileException inFile(String file) {
    return new WeightFileException(file, problem, getCause());
  }

  /** A problem found in {@code file}, caused by {@code cause} (such as an I/O error). */
  static WeightFileException of(String file, String problem, Throwable cause) {
    return new WeightFileException(file, problem, cause);
  }
}
