package dev.soma.spark;

import dev.soma.Soma;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a Soma-generated class offers, found by reflection on the network interface it implements:
 * its precision, sizes, the method forms that compute all outputs (batched {@code void m(T[][] xs,
 * T[][] ys)}, {@code void m(T[] x, T[] y)}, {@code T[] m(T[] x)}), the argmax form {@code int
 * m(T[] x)}, and how to create an instance (no-argument constructor for baked weights, {@code
 * (T[][] weights, T[][] biases)} otherwise).
 */
public final class NetworkForms {
  private final Class<?> generated;
  private final Class<?> network;
  private final boolean doubles;
  private final int inputs;
  private final int outputs;
  private final Method batched;
  private final Method into;
  private final Method returning;
  private final Method argmax;
  private final Constructor<?> baked;
  private final Constructor<?> withWeights;

  private NetworkForms(Class<?> generated, Class<?> network) {
    this.generated = generated;
    this.network = network;
    Method[] found = new Method[4];
    boolean doubles = false;
    for (Method m : network.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Class<?>[] p = m.getParameterTypes();
      Class<?> r = m.getReturnType();
      Class<?> element = p.length == 0 ? null : elementOf(p[0]);
      if (p.length > 0) {
        Class<?> base = p[0];
        while (base.isArray()) {
          base = base.getComponentType();
        }
        doubles |= base == double.class; // one interface computes in float or in double, not both
      }
      if (p.length == 2 && p[0].isArray() && p[0].getComponentType().isArray() && p[0] == p[1]
          && r == void.class && elementOf(p[0].getComponentType()) != null) {
        found[0] = first(found[0], m);
      } else if (p.length == 2 && element != null && p[0] == p[1] && r == void.class) {
        found[1] = first(found[1], m);
      } else if (p.length == 1 && element != null && r == p[0]) {
        found[2] = first(found[2], m);
      } else if (p.length == 1 && element != null && r == int.class) {
        found[3] = first(found[3], m);
      }
    }
    for (Method m : found) {
      if (m != null) {
        m.trySetAccessible(); // interfaces that are not public, on the class path
      }
    }
    this.batched = found[0];
    this.into = found[1];
    this.returning = found[2];
    this.argmax = found[3];
    this.doubles = doubles;
    this.inputs = intConstant("INPUTS");
    this.outputs = intConstant("OUTPUTS");
    this.baked = constructor();
    this.withWeights =
        constructor(doubles ? double[][].class : float[][].class, doubles ? double[][].class : float[][].class);
  }

  /** Methods are compared by name so the choice does not depend on reflection's order. */
  private static Method first(Method current, Method candidate) {
    return current == null || candidate.getName().compareTo(current.getName()) < 0 ? candidate : current;
  }

  /** {@code float} or {@code double} for {@code float[]} / {@code double[]}, else null. */
  private static Class<?> elementOf(Class<?> type) {
    if (type == float[].class) {
      return float.class;
    }
    if (type == double[].class) {
      return double.class;
    }
    return null;
  }

  /**
   * The forms of {@code networkOrGenerated}: the generated class, or its {@code @Network} interface
   * (whose weights must then be baked in: {@link Soma#create} finds the class).
   *
   * @throws IllegalArgumentException if the class is neither, or declares no method taking an array
   */
  public static NetworkForms of(Class<?> networkOrGenerated) {
    Class<?> generated =
        networkOrGenerated.isInterface()
            ? Soma.create(networkOrGenerated).getClass()
            : networkOrGenerated;
    Class<?>[] interfaces = generated.getInterfaces();
    if (interfaces.length != 1 || !generated.getSimpleName().startsWith("Soma")) {
      throw new IllegalArgumentException(
          generated.getName() + " is not a Soma-generated class (Soma<Name> implementing the @Network"
              + " interface <Name>); pass the generated class or the @Network interface");
    }
    Class<?> network = interfaces[0];
    NetworkForms forms = new NetworkForms(generated, network);
    if (forms.outputsMethod() == null && forms.argmax == null) {
      throw new IllegalArgumentException(
          network.getName() + " declares no method taking an array; declare one of void m(" + forms.type()
              + "[][] xs, " + forms.type() + "[][] ys) (fastest), void m(" + forms.type() + "[] x, " + forms.type()
              + "[] y), " + forms.type() + "[] m(" + forms.type() + "[] x) or int m(" + forms.type()
              + "[] x) to run it on Spark");
    }
    return forms;
  }

  /** Loads {@code className} (generated class or interface) with the context class loader, then ours. */
  public static NetworkForms of(String className) {
    return of(load(className));
  }

  static Class<?> load(String className) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      return Class.forName(className, true, context != null ? context : NetworkForms.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      try {
        return Class.forName(className, true, NetworkForms.class.getClassLoader());
      } catch (ClassNotFoundException again) {
        throw new IllegalArgumentException(
            "network class " + className + " is not on the class path; ship the application jar that holds it"
                + " (spark-submit --jars or the application jar itself)",
            again);
      }
    }
  }

  private int intConstant(String name) {
    try {
      return generated.getField(name).getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          generated.getName() + " has no public static int " + name + "; is it a Soma-generated class?", e);
    }
  }

  private Constructor<?> constructor(Class<?>... parameters) {
    try {
      return generated.getConstructor(parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** The generated class, {@code Soma<Name>}. */
  public Class<?> generated() {
    return generated;
  }

  /** The {@code @Network} interface. */
  public Class<?> network() {
    return network;
  }

  /** Whether the network computes in double (else float). */
  public boolean doubles() {
    return doubles;
  }

  /** {@code "float"} or {@code "double"}. */
  public String type() {
    return doubles ? "double" : "float";
  }

  public int inputs() {
    return inputs;
  }

  public int outputs() {
    return outputs;
  }

  /** Whether the weights are baked in: the class has a no-argument constructor. */
  public boolean baked() {
    return baked != null;
  }

  /** The argmax form {@code int m(T[] x)}, or null. */
  public Method argmax() {
    return argmax;
  }

  /** The method used for all outputs, batched first; null if the interface has only the argmax form. */
  public Method outputsMethod() {
    return batched != null ? batched : into != null ? into : returning;
  }

  /**
   * This, if a method computes all outputs.
   *
   * @throws IllegalArgumentException otherwise, saying which forms to declare
   */
  public NetworkForms requireOutputs() {
    if (outputsMethod() == null) {
      throw new IllegalArgumentException(
          network.getName() + " declares no method computing all outputs from an array; declare one of"
              + " void m(" + type() + "[][] xs, " + type() + "[][] ys) (fastest), void m(" + type() + "[] x, "
              + type() + "[] y) or " + type() + "[] m(" + type() + "[] x) to run it in a SomaTransformer");
    }
    return this;
  }

  /** Whether the outputs are computed with the batched form. */
  public boolean batched() {
    return batched != null;
  }

  /** A new instance with baked weights. */
  public Object create() {
    if (baked == null) {
      throw new IllegalArgumentException(
          generated.getName() + " has no no-argument constructor because its weights are given at run time;"
              + " pass an instance (new SomaTransformer(" + generated.getSimpleName() + ".load(path))) instead of the class");
    }
    return newInstance(baked);
  }

  /** A new instance with {@code weights} and {@code biases} ({@code T[][]} each). */
  public Object create(Object weights, Object biases) {
    if (withWeights == null) {
      throw new IllegalArgumentException(
          generated.getName() + " has no constructor taking " + type() + "[][] weights and biases");
    }
    return newInstance(withWeights, weights, biases);
  }

  private static Object newInstance(Constructor<?> constructor, Object... arguments) {
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not create " + constructor.getDeclaringClass().getName(), e);
    }
  }

  /** {@code instance.weights()} or {@code instance.biases()}: {@code T[][]}. */
  public Object parameters(Object instance, String which) {
    return invoke(instance, which);
  }

  /**
   * Computes the outputs of {@code xs[0..n)} into {@code ys[0..n)} ({@code T[][]} each, rows of
   * {@link #inputs()} and {@link #outputs()} values): one batched call, or one call per row.
   */
  public void forward(Object instance, Object[] xs, Object[] ys, int n) {
    if (batched != null) {
      Object[] x = n == xs.length ? xs : Arrays.copyOf(xs, n);
      Object[] y = n == ys.length ? ys : Arrays.copyOf(ys, n);
      invoke(batched, instance, x, y);
    } else if (into != null) {
      for (int r = 0; r < n; r++) {
        invoke(into, instance, xs[r], ys[r]);
      }
    } else {
      for (int r = 0; r < n; r++) {
        Object y = invoke(returning, instance, xs[r]);
        System.arraycopy(y, 0, ys[r], 0, outputs);
      }
    }
  }

  /** The forms that take one row, in this order: argmax, {@code void m(T[] x, T[] y)}, {@code T[] m(T[] x)}. */
  public List<Method> singleRowMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method m : new Method[] {argmax, into, returning}) {
      if (m != null) {
        methods.add(m);
      }
    }
    return methods;
  }

  private Object invoke(Object instance, String name) {
    try {
      return invoke(generated.getMethod(name), instance);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(generated.getName() + " has no method " + name + "()", e);
    }
  }

  static Object invoke(Method method, Object instance, Object... arguments) {
    try {
      return method.invoke(instance, arguments);
    } catch (InvocationTargetException e) {
      throw rethrow(e);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method + "; is the interface public?", e);
    }
  }

  private static RuntimeException rethrow(InvocationTargetException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new IllegalStateException(cause);
  }
}
