package dev.soma.processor.diag;

import java.util.function.BiConsumer;
import javax.annotation.processing.Messager;

/**
 * Prints a {@link Report} at the most precise position available: the javac tree of the annotation
 * or attribute when there is one, else the element, annotation mirror and value through the {@link
 * Messager}.
 */
public final class DiagnosticPrinter {
  /** Prints at a javac tree: (item, tree). */
  private final BiConsumer<Report.Item, Object> treePrinter;

  private final Messager messager;

  public DiagnosticPrinter(Messager messager, BiConsumer<Report.Item, Object> treePrinter) {
    this.messager = messager;
    this.treePrinter = treePrinter;
  }

  public void print(Report report) {
    for (Report.Item item : report.items()) {
      Position position = item.position();
      if (position.tree().isPresent() && treePrinter != null) {
        treePrinter.accept(item, position.tree().get());
      } else if (position.annotation().isPresent() && position.value().isPresent()) {
        messager.printMessage(
            item.kind(), item.text(), position.element(), position.annotation().get(), position.value().get());
      } else if (position.annotation().isPresent()) {
        messager.printMessage(item.kind(), item.text(), position.element(), position.annotation().get());
      } else {
        messager.printMessage(item.kind(), item.text(), position.element());
      }
    }
  }
}
