package dev.soma;

import java.lang.reflect.InvocationTargetException;

/** Entry point for code that holds only the interface of a {@link Network}. */
public final class Soma {
  private Soma() {}

  /**
   * Returns a new instance of the class Soma generated for {@code network}: for {@code p.Outer.Inner}
   * that is {@code p.SomaOuter_Inner}. The network's weights must be known at compile time (inline
   * or from a weight file); otherwise construct the generated class with its weights directly.
   *
   * @throws IllegalArgumentException if {@code network} is not an interface
   * @throws IllegalStateException if the generated class is missing (the processor did not run),
   *     has no no-argument constructor, or lies in a named module's package not exported to {@code
   *     dev.soma}
   */
  public static <T> T create(Class<T> network) {
    if (!network.isInterface()) {
      throw new IllegalArgumentException(network.getName() + " is not an interface annotated with @Network");
    }
    String name = generatedClassName(network);
    Class<?> generated;
    try {
      generated = Class.forName(name, true, network.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "No generated class " + name + " for " + network.getName()
              + ": is soma-processor on the annotation processor path, and is the interface annotated with @Network?",
          e);
    }
    try {
      return network.cast(generated.getConstructor().newInstance());
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          name + " has no no-argument constructor because " + network.getSimpleName()
              + "'s weights are not known at compile time; use new " + generated.getSimpleName()
              + "(weights, biases) or " + generated.getSimpleName() + ".random(seed)",
          e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException("Could not create " + name, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "Could not create " + name + ": its package " + generated.getPackageName()
              + " is not exported to module dev.soma; add 'exports " + generated.getPackageName()
              + " to dev.soma;' to the module-info of " + network.getModule().getName()
              + ", or construct " + generated.getSimpleName() + " directly",
          e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not create " + name, e);
    }
  }

  /** The binary name of the class generated for {@code network}: {@code p.Outer.Inner -> p.SomaOuter_Inner}. */
  static String generatedClassName(Class<?> network) {
    StringBuilder simple = new StringBuilder(network.getSimpleName());
    for (Class<?> outer = network.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
      simple.insert(0, outer.getSimpleName() + "_");
    }
    String pkg = network.getPackageName();
    return (pkg.isEmpty() ? "" : pkg + ".") + "Soma" + simple;
  }
}
