package dev.soma.examples.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A console table with aligned columns: the first column left-aligned, the others right-aligned
 * (they hold numbers). Cells are strings; {@link #fixed} and {@link #sci} format numbers.
 */
public final class Table {
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
    List<String> lines = new ArrayList<>();
    lines.add(format(header, widths));
    StringBuilder rule = new StringBuilder("  ");
    for (int c = 0; c < widths.length; c++) {
      rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
    }
    lines.add(rule.toString());
    for (List<String> row : rows) {
      lines.add(format(row, widths));
    }
    return lines;
  }

  private static String format(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("  ");
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(c == 0 ? cell + pad : "  " + pad + cell);
    }
    return line.toString().stripTrailing();
  }

  /** {@code value} with {@code decimals} digits after the point. */
  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** {@code value} in scientific notation with three significant digits, e.g. {@code 1.23e-04}. */
  public static String sci(double value) {
    return String.format(Locale.ROOT, "%.2e", value);
  }
}
