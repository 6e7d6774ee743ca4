package dev.soma.examples.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A console table with aligned columns: columns of numbers right-aligned, text left-aligned (the
 * first column always). Cells are strings; {@link #fixed} and {@link #sci} format numbers.
 */
public final class Table {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?[0-9][0-9.,]*(e[-+]?[0-9]+)?( %| / [0-9]+)?|-|NaN|[-+]?Infinity");
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column headings. */
  public Table(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; it must have one cell per column. */
  public Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells; the table has " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  /** The table as lines of text, heading and a rule first, each line indented by two spaces. */
  public List<String> lines() {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    boolean[] right = new boolean[widths.length];
    for (int c = 1; c < widths.length; c++) {
      right[c] = true;
      for (List<String> row : rows) {
        right[c] &= NUMBER.matcher(row.get(c)).matches();
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(format(header, widths, right));
    StringBuilder rule = new StringBuilder("  ");
    for (int c = 0; c < widths.length; c++) {
      rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
    }
    lines.add(rule.toString());
    for (List<String> row : rows) {
      lines.add(format(row, widths, right));
    }
    return lines;
  }

  private static String format(List<String> cells, int[] widths, boolean[] right) {
    StringBuilder line = new StringBuilder("  ");
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(c == 0 ? "" : "  ").append(right[c] ? pad + cell : cell + pad);
    }
    return line.toString().stripTrailing();
  }

  /** {@code value} with {@code decimals} digits after the point. */
  public static String fixed(double value, int decimals) {
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
    // A tiny negative number rounds to "-0.000"; print it as zero.
    return text.matches("-0\\.?0*") ? text.substring(1) : text;
  }

  /** {@code value} in scientific notation with three significant digits, e.g. {@code 1.23e-04}. */
  public static String sci(double value) {
    return String.format(Locale.ROOT, "%.2e", value);
  }
}
