package dev.soma.examples.output;

import java.util.ArrayList;
import java.util.List;

/** What one section printed and plotted, kept for the index page. */
public final class SectionLog {
  private final String title;
  private final StringBuilder text = new StringBuilder();
  private final List<Figure> figures = new ArrayList<>();

  SectionLog(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  /** The console text of the section. */
  public String text() {
    return text.toString();
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  void append(String line) {
    text.append(line).append('\n');
  }

  void add(Figure figure) {
    figures.add(figure);
  }
}
