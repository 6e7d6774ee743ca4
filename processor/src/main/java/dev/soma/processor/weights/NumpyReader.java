package dev.soma.processor.weights;

import dev.soma.io.Tensor;
import dev.soma.processor.diag.Message;
import dev.soma.runtime.HalfPrecision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads NumPy's {@code .npy} arrays (format versions 1.0, 2.0 and 3.0) and {@code .npz} archives of
 * them (zip, stored or deflated). Float arrays ({@code f2}, {@code f4}, {@code f8}) of either byte
 * order are supported, in C or Fortran order; Fortran-order arrays are returned in C (row-major)
 * order. {@code f4} and {@code f2} arrays become {@code F32} tensors, {@code f8} arrays {@code
 * F64}, exactly.
 */
public final class NumpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** No single array or archive entry above this many bytes is inflated. */
  private static final int MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

  private NumpyReader() {}

  /** Whether {@code bytes} start with the {@code .npy} magic string. */
  static boolean isNpy(byte[] bytes) {
    return bytes.length >= MAGIC.length
        && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** Reads one {@code .npy} array as a tensor called {@code name}. */
  public static Tensor readNpy(byte[] bytes, String name) throws WeightFileException {
    if (!isNpy(bytes)) {
      throw new WeightFileException(Message.NPY_MAGIC, name);
    }
    if (bytes.length < 10) {
      throw new WeightFileException(Message.NPY_PREAMBLE_TRUNCATED, name);
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    int headerLength;
    int headerStart;
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      headerLength = buffer.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new WeightFileException(Message.NPY_PREAMBLE_TRUNCATED, name);
      }
      long length = buffer.getInt(8) & 0xffff_ffffL;
      if (length > bytes.length - 12L) {
        throw new WeightFileException(
            Message.NPY_HEADER_TRUNCATED, name, length, bytes.length - 12);
      }
      headerLength = (int) length;
      headerStart = 12;
    } else {
      throw new WeightFileException(Message.NPY_VERSION, name, major, minor);
    }
    if (headerStart + headerLength > bytes.length) {
      throw new WeightFileException(
          Message.NPY_HEADER_TRUNCATED, name, headerLength, bytes.length - headerStart);
    }
    String header =
        new String(
            bytes,
            headerStart,
            headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader parsed = NpyHeader.parse(header, name);
    int dataStart = headerStart + headerLength;
    return decode(parsed, bytes, dataStart, name);
  }

  private static Tensor decode(NpyHeader header, byte[] bytes, int dataStart, String name)
      throws WeightFileException {
    String descr = header.descr();
    if (descr.length() != 3
        || "<>=".indexOf(descr.charAt(0)) < 0
        || descr.charAt(1) != 'f'
        || "248".indexOf(descr.charAt(2)) < 0) {
      throw new WeightFileException(Message.NPY_DTYPE, name, descr);
    }
    // '=' is native order; numpy writes '<' or '>' explicitly, and '=' means little-endian on every
    // machine numpy runs on in practice.
    ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int size = descr.charAt(2) - '0';
    int[] shape = header.shape();
    long count = 1;
    for (int dim : shape) {
      count *= dim;
      if (count * size > MAX_ENTRY_BYTES) {
        throw new WeightFileException(Message.NPY_TOO_LARGE, name, Arrays.toString(shape));
      }
    }
    long available = bytes.length - (long) dataStart;
    if (available != count * size) {
      throw new WeightFileException(
          available < count * size ? Message.NPY_DATA_TRUNCATED : Message.NPY_DATA_TOO_LONG,
          name,
          descr,
          Arrays.toString(shape),
          count * size,
          available);
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) available).slice().order(order);
    double[] values = new double[(int) count];
    for (int k = 0; k < values.length; k++) {
      values[k] =
          switch (size) {
            case 2 -> HalfPrecision.float16ToFloat(data.getShort(k * 2));
            case 4 -> data.getFloat(k * 4);
            default -> data.getDouble(k * 8);
          };
    }
    if (header.fortranOrder()) {
      values = fortranToC(values, shape);
    }
    if (size == 8) {
      return Tensor.ofDoubles(name, shape, values);
    }
    float[] floats = new float[values.length];
    for (int k = 0; k < floats.length; k++) {
      floats[k] = (float) values[k]; // exact: the values came from float16 or float32
    }
    return Tensor.ofFloats(name, shape, floats);
  }

  /**
   * Reorders column-major (first index fastest) {@code values} into row-major (last index fastest)
   * order.
   */
  static double[] fortranToC(double[] values, int[] shape) {
    int rank = shape.length;
    int[] fortranStride = new int[rank];
    int stride = 1;
    for (int d = 0; d < rank; d++) {
      fortranStride[d] = stride;
      stride *= shape[d];
    }
    double[] out = new double[values.length];
    int[] index = new int[rank];
    for (int c = 0; c < out.length; c++) {
      int f = 0;
      for (int d = 0; d < rank; d++) {
        f += index[d] * fortranStride[d];
      }
      out[c] = values[f];
      for (int d = rank - 1; d >= 0; d--) { // advance the row-major multi-index
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return out;
  }

  /**
   * Reads every array of an {@code .npz} archive, in archive order, named after its entry without
   * the {@code .npy} suffix (as {@code numpy.load} names them).
   */
  public static Map<String, Tensor> readNpz(byte[] bytes) throws WeightFileException {
    return readNpz(bytes, ReadLimit.undeclared());
  }

  /**
   * Like {@link #readNpz(byte[])}; the entries may inflate to at most {@code limit} together, so a
   * small archive that inflates to gigabytes is refused as it inflates.
   */
  public static Map<String, Tensor> readNpz(byte[] bytes, ReadLimit limit) throws WeightFileException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    long[] inflated = {0};
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        String entryName = entry.getName();
        if (!entryName.endsWith(".npy")) {
          boolean keras = Set.of("config.json", "metadata.json", "model.weights.h5").contains(entryName);
          throw new WeightFileException(
              keras ? Message.KERAS_ARCHIVE : Message.NPZ_ENTRY_NOT_NPY, entryName);
        }
        String name = entryName.substring(0, entryName.length() - 4);
        byte[] content = readEntry(zip, entryName, inflated, limit);
        if (tensors.put(name, readNpy(content, name)) != null) {
          throw new WeightFileException(Message.NPZ_DUPLICATE_ARRAY, name);
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      // ZipInputStream reports entry names that are not valid UTF-8 as IllegalArgumentException.
      throw new WeightFileException(Message.NPZ_CORRUPT, String.valueOf(e.getMessage()));
    } catch (IOException e) {
      throw new WeightFileException(Message.NPZ_UNREADABLE, String.valueOf(e.getMessage()));
    }
    if (tensors.isEmpty() && bytes.length > 0 && !isEmptyZip(bytes)) {
      throw new WeightFileException(Message.NPZ_NO_ENTRY);
    }
    return tensors;
  }

  private static boolean isEmptyZip(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 'P'
        && bytes[1] == 'K'
        && bytes[2] == 5
        && bytes[3] == 6;
  }

  /** An entry's bytes, growing with what is actually inflated rather than the declared size. */
  static byte[] readEntry(ZipInputStream zip, String entryName, long[] inflated, ReadLimit limit)
      throws IOException, WeightFileException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = zip.read(chunk)) > 0) {
      total += n;
      inflated[0] += n;
      if (total > MAX_ENTRY_BYTES) {
        throw new WeightFileException(Message.NPZ_ENTRY_TOO_LARGE, entryName);
      }
      if (inflated[0] > limit.bytes()) {
        throw limit.exceeded(null);
      }
      out.write(chunk, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * The dictionary of a {@code .npy} header: {@code {'descr': ..., 'fortran_order': ..., 'shape':
   * (...)}}.
   */
  record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    static NpyHeader parse(String text, String name) throws WeightFileException {
      Map<String, Object> dict = new PythonLiteral(text, name).dictionary();
      if (!(dict.get("descr") instanceof String descr)) {
        throw new WeightFileException(Message.NPY_HEADER_NO_DESCR, name);
      }
      if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
        throw new WeightFileException(Message.NPY_HEADER_NO_FORTRAN_ORDER, name);
      }
      if (!(dict.get("shape") instanceof List<?> dims)) {
        throw new WeightFileException(Message.NPY_HEADER_NO_SHAPE, name);
      }
      int[] shape = new int[dims.size()];
      for (int k = 0; k < shape.length; k++) {
        if (!(dims.get(k) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
          throw new WeightFileException(Message.NPY_SHAPE_INVALID, name, dims.toString());
        }
        shape[k] = (int) (long) dim;
      }
      return new NpyHeader(descr, fortran, shape);
    }
  }

  /**
   * The Python literal syntax a {@code .npy} header uses: a dict of string keys whose values are
   * strings, {@code True}/{@code False} or tuples of integers (with an optional trailing comma and
   * Python 2's {@code L} suffix).
   */
  private static final class PythonLiteral {
    private final String text;
    private final String name;
    private int pos;

    PythonLiteral(String text, String name) {
      this.text = text;
      this.name = name;
    }

    Map<String, Object> dictionary() throws WeightFileException {
      skipSpace();
      expect('{');
      Map<String, Object> dict = new LinkedHashMap<>();
      while (true) {
        skipSpace();
        if (peek() == '}') {
          pos++;
          break;
        }
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        dict.put(key, value());
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw error(Message.NPY_HEADER_EXPECTED, "',' or '}'");
        }
      }
      skipSpace();
      if (pos != text.length()) {
        throw error(Message.NPY_HEADER_TRAILING_TEXT);
      }
      return dict;
    }

    private Object value() throws WeightFileException {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (c == '(') {
        return tuple();
      }
      throw error(Message.NPY_HEADER_VALUE);
    }

    private List<Long> tuple() throws WeightFileException {
      pos++;
      List<Long> items = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek() == ')') {
          pos++;
          return items;
        }
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw error(Message.NPY_HEADER_DIMENSION);
        }
        try {
          items.add(Long.parseLong(text.substring(start, pos)));
        } catch (NumberFormatException e) {
          throw error(Message.NPY_HEADER_DIMENSION_TOO_LARGE);
        }
        if (pos < text.length() && text.charAt(pos) == 'L') {
          pos++;
        }
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() != ')') {
          throw error(Message.NPY_HEADER_EXPECTED, "',' or ')'");
        }
      }
    }

    private String string() throws WeightFileException {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw error(Message.NPY_HEADER_STRING);
      }
      int end = text.indexOf(quote, pos + 1);
      if (end < 0) {
        throw error(Message.NPY_HEADER_UNTERMINATED_STRING);
      }
      String s = text.substring(pos + 1, end);
      pos = end + 1;
      return s;
    }

    private char peek() throws WeightFileException {
      if (pos >= text.length()) {
        throw error(Message.NPY_HEADER_END);
      }
      return text.charAt(pos);
    }

    private void expect(char c) throws WeightFileException {
      if (peek() != c) {
        throw error(Message.NPY_HEADER_EXPECTED, "'" + c + "'");
      }
      pos++;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    /** {@code message} at the current position; {@code expected} is what should come, if any. */
    private WeightFileException error(Message message, String... expected) {
      return expected.length == 0
          ? new WeightFileException(message, name, pos, text.strip())
          : new WeightFileException(message, name, pos, expected[0], text.strip());
    }
  }
}
