package dev.soma.processor.model;

import java.util.List;

/** An interface method the generated class implements. */
public final class NetworkMethod {
  private final String name;
  private final MethodForm form;
  private final List<String> parameterNames;
  private final boolean varargs;

  public NetworkMethod(String name, MethodForm form, List<String> parameterNames) {
    this(name, form, parameterNames, false);
  }

  public NetworkMethod(String name, MethodForm form, List<String> parameterNames, boolean varargs) {
    this.name = name;
    this.form = form;
    this.parameterNames = List.copyOf(parameterNames);
    this.varargs = varargs;
  }

  /** Whether the interface declares the last parameter as varargs, {@code T... x}. */
  public boolean varargs() {
    return varargs;
  }

  public String name() {
    return name;
  }

  public MethodForm form() {
    return form;
  }

  public List<String> parameterNames() {
    return parameterNames;
  }
}
