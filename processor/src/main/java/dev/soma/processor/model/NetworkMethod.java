package dev.soma.processor.model;

import java.util.List;

/** An interface method the generated class implements. */
public final class NetworkMethod {
  private final String name;
  private final MethodForm form;
  private final List<String> parameterNames;

  public NetworkMethod(String name, MethodForm form, List<String> parameterNames) {
    this.name = name;
    this.form = form;
    this.parameterNames = List.copyOf(parameterNames);
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
