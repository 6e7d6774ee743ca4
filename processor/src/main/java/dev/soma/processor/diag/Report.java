package dev.soma.processor.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.tools.Diagnostic;

/** The diagnostics found for one {@code @Network} interface, in the order they were found. */
public final class Report {
  /** One diagnostic: its kind, its text and where it points. */
  public static final class Item {
    private final Diagnostic.Kind kind;
    private final String text;
    private final Position position;

    Item(Diagnostic.Kind kind, String text, Position position) {
      this.kind = kind;
      this.text = text;
      this.position = position;
    }

    public Diagnostic.Kind kind() {
      return kind;
    }

    public String text() {
      return text;
    }

    public Position position() {
      return position;
    }
  }

  private final List<Item> items = new ArrayList<>();

  /** Adds the message's text, formatted with {@code args}, at {@code position}. */
  public void add(Position position, Message message, Object... args) {
    items.add(new Item(message.kind(), message.format(args), position));
  }

  /** Adds {@code problem} at {@code position}. */
  public void add(Position position, Problem problem) {
    add(position, problem.message(), problem.args().toArray());
  }

  public boolean hasErrors() {
    return errorCount() > 0;
  }

  /** How many errors the report holds. */
  public int errorCount() {
    return (int) items.stream().filter(item -> item.kind() == Diagnostic.Kind.ERROR).count();
  }

  public List<Item> items() {
    return Collections.unmodifiableList(items);
  }
}
