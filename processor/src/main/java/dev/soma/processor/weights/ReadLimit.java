package dev.soma.processor.weights;

import dev.soma.processor.diag.Message;

/**
 * How many bytes Soma reads of one weight file, and of what an {@code .npz} inflates to. A
 * declaration with layers needs at most 8 bytes per weight and bias (float64) plus {@link
 * #HEADER_ALLOWANCE} for headers, names and an ONNX graph; a file larger than that belongs to
 * another network, and is refused before it is read. A network that the file itself defines (no
 * {@code @Dense}) may read up to {@link #HARD_CAP}.
 */
public final class ReadLimit {
  /** Bytes allowed beyond the weights themselves: headers, tensor names, an ONNX graph. */
  public static final long HEADER_ALLOWANCE = 16L << 20;

  /** The most Soma reads of any weight file: 1 GiB. */
  public static final long HARD_CAP = 1L << 30;

  private final long bytes;
  private final long parameters;

  private ReadLimit(long bytes, long parameters) {
    this.bytes = bytes;
    this.parameters = parameters;
  }

  /** The limit for a declaration with {@code parameters} weights and biases in all. */
  public static ReadLimit forParameters(long parameters) {
    long needed = parameters > (HARD_CAP - HEADER_ALLOWANCE) / 8 ? HARD_CAP : parameters * 8 + HEADER_ALLOWANCE;
    return new ReadLimit(Math.min(HARD_CAP, needed), parameters);
  }

  /** The limit for a file that defines the network itself. */
  public static ReadLimit undeclared() {
    return new ReadLimit(HARD_CAP, -1);
  }

  /** The most bytes that may be read. */
  public long bytes() {
    return bytes;
  }

  /** The error for {@code file}, which holds more than {@link #bytes()}. */
  WeightFileException exceeded(String file) {
    if (parameters < 0 || bytes == HARD_CAP) {
      return new WeightFileException(Message.WEIGHTS_FILE_OVER_HARD_CAP, bytes).inFile(file);
    }
    return new WeightFileException(Message.WEIGHTS_FILE_OVER_LIMIT, bytes, parameters, HEADER_ALLOWANCE).inFile(file);
  }
}
