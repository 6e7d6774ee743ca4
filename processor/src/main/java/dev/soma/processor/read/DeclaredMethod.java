package dev.soma.processor.read;

import dev.soma.processor.diag.Position;
import java.util.List;

/** An abstract method of a network interface, its types reduced to what Soma can implement. */
public final class DeclaredMethod {
  /** The types a network method can use; everything else is {@link #OTHER}. */
  public enum ValueType {
    FLOAT,
    DOUBLE,
    FLOAT_ARRAY,
    DOUBLE_ARRAY,
    FLOAT_MATRIX,
    DOUBLE_MATRIX,
    INT,
    VOID,
    OTHER
  }

  private final String name;
  private final ValueType returnType;
  private final List<ValueType> parameterTypes;
  private final List<String> parameterNames;
  private final boolean generic;
  private final boolean varargs;
  private final String signature;
  private final Position position;

  DeclaredMethod(
      String name,
      ValueType returnType,
      List<ValueType> parameterTypes,
      List<String> parameterNames,
      boolean generic,
      boolean varargs,
      String signature,
      Position position) {
    this.name = name;
    this.returnType = returnType;
    this.parameterTypes = List.copyOf(parameterTypes);
    this.parameterNames = List.copyOf(parameterNames);
    this.generic = generic;
    this.varargs = varargs;
    this.signature = signature;
    this.position = position;
  }

  public String name() {
    return name;
  }

  public ValueType returnType() {
    return returnType;
  }

  public List<ValueType> parameterTypes() {
    return parameterTypes;
  }

  public List<String> parameterNames() {
    return parameterNames;
  }

  /** Whether the method declares type parameters. */
  public boolean generic() {
    return generic;
  }

  /** The method as a user reads it, for messages: {@code float attend(float, float, float)}. */
  /** Whether the last parameter is declared {@code T... x}. */
  public boolean varargs() {
    return varargs;
  }

  public String signature() {
    return signature;
  }

  public Position position() {
    return position;
  }
}
