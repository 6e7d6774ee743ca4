package dev.soma.processor.read;

import java.util.List;

/**
 * The type {@code @Network} annotates, reduced to the facts the validator checks: what kind of
 * type it is, where it is declared, and whether the generated class can implement it.
 */
public final class DeclaredInterface {
  private final String packageName;
  private final List<String> names;
  private final String kind;
  private final boolean generic;
  private final boolean privateSomewhere;
  private final boolean sealed;
  private final List<String> permitted;

  /**
   * @param packageName the package, empty for the unnamed package
   * @param names the simple names from the outermost enclosing type to this one
   * @param kind {@code interface}, or what else it is: {@code a class}, {@code an enum}, ...
   * @param generic whether it declares type parameters
   * @param privateSomewhere whether it or a type enclosing it is private
   * @param sealed whether it is a sealed interface
   * @param permitted the qualified names its {@code permits} clause lists
   */
  public DeclaredInterface(
      String packageName,
      List<String> names,
      String kind,
      boolean generic,
      boolean privateSomewhere,
      boolean sealed,
      List<String> permitted) {
    this.packageName = packageName;
    this.names = List.copyOf(names);
    this.kind = kind;
    this.generic = generic;
    this.privateSomewhere = privateSomewhere;
    this.sealed = sealed;
    this.permitted = List.copyOf(permitted);
  }

  public String packageName() {
    return packageName;
  }

  public String simpleName() {
    return names.get(names.size() - 1);
  }

  /** {@code Outer.Inner} joined with {@code separator}. */
  public String nestedName(String separator) {
    return String.join(separator, names);
  }

  /** {@code package.Outer.Inner}. */
  public String qualifiedName() {
    return packageName.isEmpty() ? nestedName(".") : packageName + "." + nestedName(".");
  }

  public boolean isInterface() {
    return kind.equals("interface");
  }

  /** {@code interface}, {@code a class}, {@code an enum}, {@code a record}, ... */
  public String kind() {
    return kind;
  }

  public boolean generic() {
    return generic;
  }

  public boolean privateSomewhere() {
    return privateSomewhere;
  }

  public boolean sealed() {
    return sealed;
  }

  /** The qualified names the {@code permits} clause lists. */
  public List<String> permitted() {
    return permitted;
  }
}
