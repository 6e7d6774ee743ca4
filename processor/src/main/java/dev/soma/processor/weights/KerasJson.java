package dev.soma.processor.weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for Keras's model configs ({@code config.json} in a {@code .keras} archive,
 * the {@code model_config} attribute of a whole-model {@code .h5}): objects become
 * insertion-ordered maps, arrays lists, numbers {@code Double}, {@code true}/{@code false}
 * {@code Boolean}, {@code null} {@link #NULL}. Nesting deeper than {@link #MAX_DEPTH} is an error, so
 * a hostile file cannot overflow javac's stack.
 */
final class KerasJson {
  /** The value of JSON {@code null}, distinct from a missing key. */
  static final Object NULL = new Object();

  /** Keras configs nest a few levels per layer (model, layers, layer, config, initializer...). */
  static final int MAX_DEPTH = 64;

  /** What is wrong with the text and where. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  private final String text;
  private int pos;

  private KerasJson(String text) {
    this.text = text;
  }

  /** Parses {@code text}, which must hold exactly one value. */
  static Object parse(String text) throws SyntaxError {
    KerasJson parser = new KerasJson(text);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected text after the value");
    }
    return value;
  }

  private Object value(int depth) throws SyntaxError {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      case 'N' -> literal("NaN", Double.NaN); // Python's json writes these
      case 'I' -> literal("Infinity", Double.POSITIVE_INFINITY);
      default -> number();
    };
  }

  private Map<String, Object> object(int depth) throws SyntaxError {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek('}')) {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (!peek('"')) {
        throw error("expected a key in quotes");
      }
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      map.put(key, value(depth + 1));
      skipWhitespace();
      if (peek(',')) {
        pos++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array(int depth) throws SyntaxError {
    pos++;
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek(']')) {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth + 1));
      skipWhitespace();
      if (peek(',')) {
        pos++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() throws SyntaxError {
    pos++;
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char escaped = text.charAt(pos++);
      switch (escaped) {
        case '"', '\\', '/' -> out.append(escaped);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException e) {
            throw error("invalid \\u escape");
          }
          pos += 4;
        }
        default -> throw error("invalid escape \\" + escaped);
      }
    }
    throw error("unterminated string");
  }

  private Object literal(String word, Object value) throws SyntaxError {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character '" + text.charAt(pos) + "'");
    }
    pos += word.length();
    return value;
  }

  private Double number() throws SyntaxError {
    int start = pos;
    if (peek('-')) {
      pos++;
      if (text.startsWith("Infinity", pos)) {
        pos += "Infinity".length();
        return Double.NEGATIVE_INFINITY;
      }
    }
    while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (pos == start) {
      throw error("unexpected character '" + text.charAt(pos) + "'");
    }
    try {
      return Double.valueOf(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("invalid number " + text.substring(start, pos));
    }
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) throws SyntaxError {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private SyntaxError error(String what) {
    return new SyntaxError(what + " at character " + pos);
  }
}
