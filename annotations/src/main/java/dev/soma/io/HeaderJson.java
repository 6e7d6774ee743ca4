package dev.soma.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of JSON a safetensors header uses: objects, arrays, strings (with every escape,
 * including {@code \}{@code uXXXX} surrogate pairs) and integers. Objects become insertion-ordered
 * maps, arrays lists, integers {@code Long}. Duplicate keys, lone surrogates, fractions, literals
 * and nesting deeper than {@link #MAX_DEPTH} are errors.
 */
final class HeaderJson {
  /** A safetensors header nests three levels (header, tensor, shape); allow some slack. */
  static final int MAX_DEPTH = 8;

  private final String text;
  private int pos;

  private HeaderJson(String text) {
    this.text = text;
  }

  /**
   * Parses {@code text}, which must hold exactly one value, optionally surrounded by whitespace.
   */
  static Object parse(String text) throws SafeTensorsException {
    HeaderJson parser = new HeaderJson(text);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected text after the header object");
    }
    return value;
  }

  private Object value(int depth) throws SafeTensorsException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
    if (pos >= text.length()) {
      throw error("unexpected end of the header");
    }
    char c = text.charAt(pos);
    if (c == '{') {
      return object(depth);
    }
    if (c == '[') {
      return array(depth);
    }
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return integer();
    }
    throw error("unexpected character '" + c + "'; expected an object, array, string or integer");
  }

  private Map<String, Object> object(int depth) throws SafeTensorsException {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      int keyStart = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth + 1);
      if (map.putIfAbsent(key, value) != null) {
        pos = keyStart;
        throw error("duplicate key \"" + key + "\"");
      }
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws SafeTensorsException {
    List<Object> list = new ArrayList<>();
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth + 1));
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws SafeTensorsException {
    StringBuilder out = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        pos--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> {
          pos--;
          throw error("invalid escape '\\" + e + "'");
        }
      }
    }
    String s = out.toString();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw error("string contains an unpaired surrogate \\u" + Integer.toHexString(c));
      }
    }
    return s;
  }

  private char hex4() throws SafeTensorsException {
    if (pos + 4 > text.length()) {
      throw error("truncated \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(text.charAt(pos), 16);
      if (digit < 0) {
        throw error("invalid hex digit in \\u escape");
      }
      value = value * 16 + digit;
      pos++;
    }
    return (char) value;
  }

  private Long integer() throws SafeTensorsException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos < text.length() && ".eE".indexOf(text.charAt(pos)) >= 0) {
      throw error("only integers are expected in a safetensors header");
    }
    try {
      return Long.parseLong(text.substring(start, pos));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("invalid or too large integer");
    }
  }

  private char peek() throws SafeTensorsException {
    if (pos >= text.length()) {
      throw error("unexpected end of the header");
    }
    return text.charAt(pos);
  }

  private void expect(char c) throws SafeTensorsException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private SafeTensorsException error(String what) {
    return new SafeTensorsException(
        "invalid safetensors header JSON at character " + pos + ": " + what);
  }

  /** Appends {@code s} as a JSON string literal, escaping quotes, backslashes and controls. */
  static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
