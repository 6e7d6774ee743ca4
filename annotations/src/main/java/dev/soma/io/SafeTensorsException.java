package dev.soma.io;

import java.io.IOException;

/**
 * A safetensors file that cannot be read: truncated, with a header that is not valid JSON or lies
 * about its tensors, or with a tensor that does not fit what the caller expects. The message names
 * the tensor and what was expected versus what was found.
 */
public final class SafeTensorsException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with a user-facing message. */
  public SafeTensorsException(String message) {
    super(message);
  }
}
