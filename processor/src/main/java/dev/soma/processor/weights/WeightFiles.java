package dev.soma.processor.weights;

import dev.soma.io.SafeTensors;
import dev.soma.io.SafeTensorsException;
import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one entry point for weight files: reads a file of any supported format, chosen by content,
 * and returns its tensors or its network. Every failure is a {@link WeightFileException} whose
 * message starts with "weight file" and the file name and says what is wrong.
 */
public final class WeightFiles {
  /** Files this large are refused before reading: weights are baked into a class. */
  static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  private WeightFiles() {}

  /** Reads {@code path}; messages name it as given. */
  public static WeightFile read(Path path) throws WeightFileException {
    String file = path.toString();
    byte[] content;
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        throw new WeightFileException(Message.WEIGHTS_FILE_TOO_LARGE, size).inFile(file);
      }
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw WeightFileException.of(file, e, Message.WEIGHTS_FILE_MISSING);
    } catch (IOException e) {
      throw WeightFileException.of(file, e, Message.WEIGHTS_FILE_UNREADABLE, e);
    }
    return read(content, file);
  }

  /**
   * Reads {@code content}, the bytes of a weight file called {@code file} (a path or resource name
   * used in messages and, for {@code .npy}, to name the single tensor).
   */
  public static WeightFile read(byte[] content, String file) throws WeightFileException {
    return read(content, file, ReadLimit.undeclared());
  }

  /** Like {@link #read(byte[], String)}; an {@code .npz} may inflate to at most {@code limit}. */
  public static WeightFile read(byte[] content, String file, ReadLimit limit) throws WeightFileException {
    WeightFormat format = WeightFormat.detect(content);
    try {
      return switch (format) {
        case SAFETENSORS -> readSafeTensorsOrOnnx(content, file);
        case NPY -> {
          String name = npyTensorName(file);
          Tensor tensor = NumpyReader.readNpy(content, name);
          yield new WeightFile.Tensors(file, format, Map.of(name, tensor));
        }
        case NPZ -> new WeightFile.Tensors(file, format, NumpyReader.readNpz(content, limit));
        case KERAS_HDF5 -> KerasWeights.read(content, file);
        case KERAS_ARCHIVE -> KerasArchive.read(content, file, limit);
        case ONNX -> new WeightFile.Network(file, readOnnx(content));
      };
    } catch (WeightFileException e) {
      throw e.inFile(file);
    }
  }

  /**
   * An ONNX file could by chance hold '{' at byte 8 after four zero bytes; if the bytes are not
   * valid safetensors but parse as an ONNX model, they are one.
   */
  private static WeightFile readSafeTensorsOrOnnx(byte[] content, String file)
      throws WeightFileException {
    try {
      return new WeightFile.Tensors(file, WeightFormat.SAFETENSORS, readSafeTensors(content));
    } catch (WeightFileException safetensorsProblem) {
      OnnxModel model;
      try {
        model = OnnxModelParser.parse(content);
      } catch (WeightFileException notOnnxEither) {
        throw safetensorsProblem;
      }
      return new WeightFile.Network(file, OnnxGraphConverter.convert(model));
    }
  }

  private static Map<String, Tensor> readSafeTensors(byte[] content) throws WeightFileException {
    try {
      return SafeTensors.read(content).tensors();
    } catch (SafeTensorsException e) {
      throw new WeightFileException(Message.SAFETENSORS_INVALID, e.getMessage());
    }
  }

  private static ImportedNetwork readOnnx(byte[] content) throws WeightFileException {
    OnnxModel model;
    try {
      model = OnnxModelParser.parse(content);
    } catch (WeightFileException e) {
      throw new WeightFileException(Message.WEIGHTS_FILE_UNRECOGNISED, e.getMessage());
    }
    return OnnxGraphConverter.convert(model);
  }

  /**
   * The file name without directories and extension: {@code weights/fc1.weight.npy} gives {@code
   * fc1.weight}.
   */
  static String npyTensorName(String file) {
    String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
  }
}
