package dev.soma.processor.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** The weight file formats Soma reads, recognised by their content rather than their extension. */
public enum WeightFormat {
  /** Hugging Face safetensors: an 8-byte little-endian header length, then a JSON object's '{'. */
  SAFETENSORS("safetensors"),
  /** A single NumPy array: the magic string {@code \x93NUMPY}. */
  NPY(".npy"),
  /**
   * A zip archive of NumPy arrays: {@code PK\x03\x04} (or an empty archive's {@code PK\x05\x06}).
   */
  NPZ(".npz"),
  /**
   * Keras weights in HDF5 ({@code .h5}): the HDF5 signature {@code \x89HDF\r\n\x1a\n}; read
   * by jhdf, its Dense layers in the file's order.
   */
  KERAS_HDF5("Keras HDF5"),
  /**
   * A Keras 3 {@code .keras} archive: a zip ({@code PK\x03\x04}) whose first entries include {@code
   * config.json}, {@code metadata.json} or {@code model.weights.h5}.
   */
  KERAS_ARCHIVE("Keras .keras archive"),
  /** An ONNX model: a protobuf {@code ModelProto}, the remaining case, confirmed by parsing it. */
  ONNX("ONNX");

  private final String displayName;

  WeightFormat(String displayName) {
    this.displayName = displayName;
  }

  /** The name used in messages. */
  public String displayName() {
    return displayName;
  }

  /** The HDF5 signature, at the start of the file (or after a user block of 512 · 2^k bytes). */
  private static final byte[] HDF5_SIGNATURE = {
    (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'
  };

  /**
   * Whether {@code content} starts like an HDF5 file; checked here rather than in {@code
   * KerasWeights}, so that jhdf's classes load only for an HDF5 file.
   */
  static boolean isHdf5(byte[] content) {
    for (int offset = 0; offset <= 8192 && offset + HDF5_SIGNATURE.length <= content.length; ) {
      int end = offset + HDF5_SIGNATURE.length;
      if (Arrays.equals(content, offset, end, HDF5_SIGNATURE, 0, HDF5_SIGNATURE.length)) {
        return true;
      }
      offset = offset == 0 ? 512 : offset * 2;
    }
    return false;
  }

  /** The format {@code content} looks like; {@link #ONNX} when no magic bytes match. */
  public static WeightFormat detect(byte[] content) {
    if (NumpyReader.isNpy(content)) {
      return NPY;
    }
    if (isHdf5(content)) {
      return KERAS_HDF5;
    }
    if (content.length >= 4
        && content[0] == 'P'
        && content[1] == 'K'
        && ((content[2] == 3 && content[3] == 4) || (content[2] == 5 && content[3] == 6))) {
      return KerasArchive.looksLikeKerasArchive(content) ? KERAS_ARCHIVE : NPZ;
    }
    if (content.length >= 9 && content[8] == '{') {
      // A length below 4 GiB followed by '{'. Lengths that are too large for the file still count,
      // so that the safetensors reader reports what exactly is wrong with the header.
      long headerLength = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      if (headerLength >= 2 && headerLength >>> 32 == 0) {
        return SAFETENSORS;
      }
    }
    return ONNX;
  }
}
