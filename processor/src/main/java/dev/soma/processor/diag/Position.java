package dev.soma.processor.diag;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a diagnostic points: an element, optionally one of its annotations and one attribute of
 * that annotation, and, when javac's tree API is available, the source tree of that annotation or
 * attribute (the most precise position javac can print).
 */
public final class Position {
  private final Element element;
  private final AnnotationMirror annotation;
  private final AnnotationValue value;
  private final Object tree;

  private Position(Element element, AnnotationMirror annotation, AnnotationValue value, Object tree) {
    this.element = element;
    this.annotation = annotation;
    this.value = value;
    this.tree = tree;
  }

  public static Position of(Element element) {
    return new Position(element, null, null, null);
  }

  public static Position of(Element element, AnnotationMirror annotation) {
    return new Position(element, annotation, null, null);
  }

  /** Points at {@code value} inside {@code annotation}; {@code tree} is the javac tree, or null. */
  public Position withTree(Object tree) {
    return new Position(element, annotation, value, tree);
  }

  public Position withValue(AnnotationValue value, Object tree) {
    return new Position(element, annotation, value, tree);
  }

  public Element element() {
    return element;
  }

  public Optional<AnnotationMirror> annotation() {
    return Optional.ofNullable(annotation);
  }

  public Optional<AnnotationValue> value() {
    return Optional.ofNullable(value);
  }

  /** The javac tree ({@code com.sun.source.tree.Tree}) to report on, when the tree API is available. */
  public Optional<Object> tree() {
    return Optional.ofNullable(tree);
  }
}
