package dev.soma.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of a <a href="https://github.com/huggingface/safetensors">safetensors</a> file:
 * named tensors and an optional string-to-string {@code __metadata__} map.
 *
 * <p>The file is an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON
 * mapping each tensor name to its {@code dtype}, {@code shape} and {@code data_offsets} (begin and
 * end, relative to the first byte after the header), then the tensor bytes. Reading checks
 * everything before using it: the header length against the file and {@link #MAX_HEADER_LENGTH},
 * the JSON, each tensor's byte size against its shape and dtype, and that the tensors tile the data
 * section exactly (no overlaps, no gaps, nothing after the last tensor, nothing missing). A file
 * that fails a check raises {@link SafeTensorsException}; nothing is allocated from an unchecked
 * length.
 */
public final class SafeTensors {
  /** The largest header accepted, as in the reference implementation: 100 MB. */
  public static final long MAX_HEADER_LENGTH = 100_000_000L;

  private static final String METADATA_KEY = "__metadata__";

  private final Map<String, Tensor> tensors;
  private final Map<String, String> metadata;

  private SafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
    this.tensors = Collections.unmodifiableMap(tensors);
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /** Tensors to write, in the given order, without metadata. Names must be distinct. */
  public static SafeTensors of(Collection<Tensor> tensors) {
    return of(tensors, Map.of());
  }

  /**
   * Tensors to write, in the given order, with a {@code __metadata__} map. Names must be distinct.
   */
  public static SafeTensors of(Collection<Tensor> tensors, Map<String, String> metadata) {
    Map<String, Tensor> byName = new LinkedHashMap<>();
    for (Tensor tensor : tensors) {
      if (tensor.name().equals(METADATA_KEY)) {
        throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY);
      }
      if (byName.put(tensor.name(), tensor) != null) {
        throw new IllegalArgumentException("two tensors are named '" + tensor.name() + "'");
      }
    }
    return new SafeTensors(byName, new LinkedHashMap<>(metadata));
  }

  /** The tensors by name, in file order (ascending data offset). */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /** The {@code __metadata__} map; empty when the file has none. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * The elements of tensor {@code name} as floats, after checking that it exists, is floating point
   * and has exactly {@code expectedShape}.
   *
   * @throws SafeTensorsException naming the tensor and the expected versus found shape or dtype
   */
  public float[] floats(String name, int... expectedShape) throws SafeTensorsException {
    return checked(name, expectedShape).toFloatArray();
  }

  /** Like {@link #floats}, as exact doubles. */
  public double[] doubles(String name, int... expectedShape) throws SafeTensorsException {
    return checked(name, expectedShape).toDoubleArray();
  }

  private Tensor checked(String name, int[] expectedShape) throws SafeTensorsException {
    Tensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new SafeTensorsException(
          "missing tensor '"
              + name
              + "' with shape "
              + Arrays.toString(expectedShape)
              + "; the file has "
              + tensors.keySet());
    }
    if (!Arrays.equals(tensor.shape(), expectedShape)) {
      throw new SafeTensorsException(
          "tensor '"
              + name
              + "' has shape "
              + Arrays.toString(tensor.shape())
              + "; expected "
              + Arrays.toString(expectedShape));
    }
    if (!tensor.isFloatingPoint()) {
      throw new SafeTensorsException(
          "tensor '" + name + "' has dtype " + tensor.dtype() + "; expected F32, F64, F16 or BF16");
    }
    return tensor;
  }

  // ---------------------------------------------------------------- reading

  /** Reads a whole safetensors file held in memory. */
  public static SafeTensors read(byte[] file) throws SafeTensorsException {
    if (file.length < 8) {
      throw new SafeTensorsException(
          "file has "
              + file.length
              + " bytes; a safetensors file starts with an 8-byte header length");
    }
    long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    long available = file.length - 8L;
    checkHeaderLength(headerLength, available);
    if (headerLength > available) {
      throw new SafeTensorsException(
          "header length "
              + headerLength
              + " is larger than the "
              + available
              + " bytes after it (truncated file, or not a safetensors file)");
    }
    int dataStart = 8 + (int) headerLength;
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = parseHeader(file, 8, (int) headerLength, entries);
    return assemble(entries, metadata, file, dataStart, file.length - dataStart);
  }

  /**
   * Reads a safetensors file; messages of failures start with the path. Only a regular file is
   * read: a directory, a device ({@code /dev/zero}) or a pipe is an exception at once.
   */
  public static SafeTensors read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new SafeTensorsException(
          file + ": not a regular file (a directory, a device or a pipe)");
    }
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 8) {
      throw new SafeTensorsException(
          file + ": " + size + " bytes; files of 2 GB or more are not supported");
    }
    try {
      return read(Files.readAllBytes(file));
    } catch (SafeTensorsException e) {
      throw new SafeTensorsException(file + ": " + e.getMessage());
    }
  }

  /**
   * Reads a safetensors file from {@code in} up to its end. Lengths from the header are checked
   * before anything is allocated from them; a stream shorter than the header says is an error.
   */
  public static SafeTensors read(InputStream in) throws IOException {
    return read(in, Integer.MAX_VALUE);
  }

  /**
   * Like {@link #read(InputStream)}, refusing before reading any tensor data a header that
   * describes more than {@code maxDataBytes} of it: a file meant for a far larger network fails
   * fast instead of filling the heap.
   */
  public static SafeTensors read(InputStream in, long maxDataBytes) throws IOException {
    byte[] prefix = in.readNBytes(8);
    if (prefix.length < 8) {
      throw new SafeTensorsException(
          "stream has "
              + prefix.length
              + " bytes; a safetensors file starts with an 8-byte header length");
    }
    long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
    checkHeaderLength(headerLength, Long.MAX_VALUE);
    byte[] header = readAtMost(in, headerLength);
    if (header.length < headerLength) {
      throw new SafeTensorsException(
          "header length "
              + headerLength
              + " is larger than the "
              + header.length
              + " bytes after it (truncated file, or not a safetensors file)");
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = parseHeader(header, 0, header.length, entries);
    long end = 0;
    for (Entry entry : entries) {
      end = Math.max(end, entry.end);
    }
    if (end > Integer.MAX_VALUE) {
      throw new SafeTensorsException(
          "the header describes " + end + " data bytes; files of 2 GB or more are not supported");
    }
    if (end > maxDataBytes) {
      throw new SafeTensorsException(
          "the header describes "
              + end
              + " data bytes, more than the "
              + maxDataBytes
              + " this reader accepts (a file for a larger network?)");
    }
    byte[] data = readAtMost(in, end);
    if (data.length < end) {
      throw new SafeTensorsException(
          "the header describes "
              + end
              + " data bytes but the stream has only "
              + data.length
              + " (truncated file, or lying header)");
    }
    if (in.read() != -1) {
      throw new SafeTensorsException(
          "the stream continues after the " + end + " data bytes the header describes");
    }
    return assemble(entries, metadata, data, 0, data.length);
  }

  /**
   * Up to {@code limit} bytes from {@code in}, fewer at its end. Memory grows with the bytes
   * actually read, never with {@code limit}, so a lying length cannot exhaust the heap.
   */
  private static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    long remaining = limit;
    while (remaining > 0) {
      int n = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
      if (n < 0) {
        break;
      }
      out.write(chunk, 0, n);
      remaining -= n;
    }
    return out.toByteArray();
  }

  private static void checkHeaderLength(long headerLength, long available)
      throws SafeTensorsException {
    if (headerLength < 0 || headerLength > MAX_HEADER_LENGTH) {
      throw new SafeTensorsException(
          "header length "
              + Long.toUnsignedString(headerLength)
              + " exceeds the limit of "
              + MAX_HEADER_LENGTH
              + " bytes"
              + (available == Long.MAX_VALUE
                  ? ""
                  : " (the file has " + available + " bytes after it)")
              + "; not a safetensors file, or a corrupted one");
    }
    if (headerLength < 2) {
      throw new SafeTensorsException(
          "header length " + headerLength + " is too small for a JSON object");
    }
  }

  /** One tensor as the header describes it. */
  private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

  private static Map<String, String> parseHeader(
      byte[] bytes, int offset, int length, List<Entry> entries) throws SafeTensorsException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, length))
              .toString();
    } catch (CharacterCodingException e) {
      throw new SafeTensorsException(
          "header is not valid UTF-8 (tensor names must be UTF-8): " + e.getMessage());
    }
    if (!text.startsWith("{")) {
      throw new SafeTensorsException("header does not start with '{'; not a safetensors file");
    }
    Object parsed = HeaderJson.parse(text);
    if (!(parsed instanceof Map<?, ?> header)) {
      throw new SafeTensorsException("header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<?, ?> field : header.entrySet()) {
      String name = (String) field.getKey();
      if (name.equals(METADATA_KEY)) {
        readMetadata(field.getValue(), metadata);
      } else {
        entries.add(readEntry(name, field.getValue()));
      }
    }
    return metadata;
  }

  private static void readMetadata(Object value, Map<String, String> metadata)
      throws SafeTensorsException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new SafeTensorsException("__metadata__ is not a JSON object");
    }
    for (Map.Entry<?, ?> field : map.entrySet()) {
      if (!(field.getValue() instanceof String s)) {
        throw new SafeTensorsException(
            "__metadata__ value of '" + field.getKey() + "' is not a string");
      }
      metadata.put((String) field.getKey(), s);
    }
  }

  private static Entry readEntry(String name, Object value) throws SafeTensorsException {
    if (!(value instanceof Map<?, ?> fields)) {
      throw new SafeTensorsException("tensor '" + name + "': header entry is not a JSON object");
    }
    if (!(fields.get("dtype") instanceof String dtype)) {
      throw new SafeTensorsException("tensor '" + name + "': missing or non-string \"dtype\"");
    }
    int size = Tensor.elementSize(dtype);
    if (size < 0) {
      throw new SafeTensorsException("tensor '" + name + "': unknown dtype \"" + dtype + "\"");
    }
    long[] shapeValues = longs(name, "shape", fields.get("shape"), -1);
    long[] offsets = longs(name, "data_offsets", fields.get("data_offsets"), 2);
    int[] shape = new int[shapeValues.length];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shapeValues[i] < 0 || shapeValues[i] > Integer.MAX_VALUE) {
        throw new SafeTensorsException(
            "tensor '"
                + name
                + "': dimension "
                + shapeValues[i]
                + " in shape "
                + Arrays.toString(shapeValues)
                + " is out of range");
      }
      shape[i] = (int) shapeValues[i];
      count *= shape[i];
      if (count > Integer.MAX_VALUE) {
        throw new SafeTensorsException(
            "tensor '"
                + name
                + "': shape "
                + Arrays.toString(shapeValues)
                + " has more than "
                + Integer.MAX_VALUE
                + " elements");
      }
    }
    long begin = offsets[0];
    long end = offsets[1];
    if (begin < 0 || end < begin) {
      throw new SafeTensorsException(
          "tensor '"
              + name
              + "': data_offsets ["
              + begin
              + ", "
              + end
              + "] are not 0 <= begin <= end");
    }
    long expected = count * size;
    if (end - begin != expected) {
      throw new SafeTensorsException(
          "tensor '"
              + name
              + "': "
              + dtype
              + " with shape "
              + Arrays.toString(shape)
              + " needs "
              + expected
              + " bytes, but data_offsets ["
              + begin
              + ", "
              + end
              + "] span "
              + (end - begin));
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static long[] longs(String name, String key, Object value, int expectedLength)
      throws SafeTensorsException {
    if (!(value instanceof List<?> list)
        || (expectedLength >= 0 && list.size() != expectedLength)) {
      throw new SafeTensorsException(
          "tensor '"
              + name
              + "': \""
              + key
              + "\" is missing or not an array of "
              + (expectedLength >= 0 ? expectedLength + " " : "")
              + "integers");
    }
    long[] values = new long[list.size()];
    for (int i = 0; i < values.length; i++) {
      if (!(list.get(i) instanceof Long l)) {
        throw new SafeTensorsException(
            "tensor '" + name + "': \"" + key + "\" holds a non-integer");
      }
      values[i] = l;
    }
    return values;
  }

  private static SafeTensors assemble(
      List<Entry> entries,
      Map<String, String> metadata,
      byte[] file,
      int dataStart,
      long dataLength)
      throws SafeTensorsException {
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expectedBegin = 0;
    Entry previous = null;
    for (Entry entry : byOffset) {
      if (entry.end > dataLength) {
        throw new SafeTensorsException(
            "tensor '"
                + entry.name
                + "': data_offsets ["
                + entry.begin
                + ", "
                + entry.end
                + "] exceed the "
                + dataLength
                + " data bytes (truncated file, or lying header)");
      }
      if (entry.begin < expectedBegin) {
        throw new SafeTensorsException(
            "tensor '"
                + entry.name
                + "' at ["
                + entry.begin
                + ", "
                + entry.end
                + "] overlaps tensor '"
                + previous.name
                + "' at ["
                + previous.begin
                + ", "
                + previous.end
                + "]");
      }
      if (entry.begin > expectedBegin) {
        throw new SafeTensorsException(
            "data bytes ["
                + expectedBegin
                + ", "
                + entry.begin
                + ") belong to no tensor (before '"
                + entry.name
                + "'); the header must describe every byte");
      }
      expectedBegin = entry.end;
      previous = entry;
    }
    if (expectedBegin != dataLength) {
      throw new SafeTensorsException(
          (dataLength - expectedBegin) + " bytes after the last tensor belong to no tensor");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry entry : byOffset) {
      int from = dataStart + (int) entry.begin;
      byte[] data = Arrays.copyOfRange(file, from, from + (int) (entry.end - entry.begin));
      tensors.put(entry.name, new Tensor(entry.name, entry.dtype, entry.shape, data));
    }
    return new SafeTensors(tensors, metadata);
  }

  // ---------------------------------------------------------------- writing

  /**
   * The file's bytes. Tensors are laid out by descending element size (keeping the given order
   * among equal sizes), so each starts at a multiple of its element size; the header is padded with
   * spaces to a multiple of 8 bytes. The same contents always give the same bytes.
   */
  public byte[] toBytes() {
    List<Tensor> layout = new ArrayList<>(tensors.values());
    layout.sort(Comparator.comparingInt((Tensor t) -> -Tensor.elementSize(t.dtype())));
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      HeaderJson.appendString(json, METADATA_KEY);
      json.append(":{");
      String separator = "";
      for (Map.Entry<String, String> field : metadata.entrySet()) {
        json.append(separator);
        HeaderJson.appendString(json, field.getKey());
        json.append(':');
        HeaderJson.appendString(json, field.getValue());
        separator = ",";
      }
      json.append('}');
    }
    long offset = 0;
    for (Tensor tensor : layout) {
      if (json.length() > 1) {
        json.append(',');
      }
      long end = offset + tensor.rawBytes().length;
      HeaderJson.appendString(json, tensor.name());
      json.append(":{\"dtype\":\"").append(tensor.dtype()).append("\",\"shape\":[");
      int[] shape = tensor.shape();
      for (int i = 0; i < shape.length; i++) {
        json.append(i == 0 ? "" : ",").append(shape[i]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    json.append('}');
    json.append(" ".repeat((8 - utf8Length(json) % 8) % 8));
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    if (8L + header.length + offset > Integer.MAX_VALUE) {
      throw new IllegalStateException("tensors of 2 GB or more cannot be written to one array");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + header.length + (int) offset);
    out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.writeBytes(header);
    for (Tensor tensor : layout) {
      out.writeBytes(tensor.rawBytes());
    }
    return out.toByteArray();
  }

  private static int utf8Length(CharSequence text) {
    return StandardCharsets.UTF_8.encode(CharBuffer.wrap(text)).remaining();
  }

  /** Writes {@link #toBytes()} to {@code out}. */
  public void write(OutputStream out) throws IOException {
    out.write(toBytes());
  }

  /** Writes {@link #toBytes()} to {@code file}, replacing it. */
  public void write(Path file) throws IOException {
    Files.write(file, toBytes());
  }
}
