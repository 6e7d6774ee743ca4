package dev.soma.processor.fuzz;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.soma.processor.SomaProcessor;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.ReferenceNetwork;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random declarations, valid and invalid, through javac with Soma: each either compiles and computes
 * what a double-precision reference interpreter computes from the same weights, or fails with
 * Soma's (or javac's) diagnostics on the user's own file. Never an exception out of javac, never a
 * diagnostic inside generated code, never a hang (a time limit per case). Tries: see {@code
 * src/test/resources/junit-platform.properties}.
 */
class DeclarationFuzzTest {
  /** Names a user might give parameters, several of them names Soma's generated code also uses. */
  private static final List<String> NAMES =
      List.of(
          "x", "y", "a", "b", "b1", "w1", "w2", "h1_0", "z1_0", "x0", "scratch", "SCRATCH", "Math",
          "System", "Checks", "Activations", "i", "j", "best", "largest", "e1_0", "max1", "sum1",
          "count", "live", "start", "n", "xs", "ys", "copy", "forward", "weather", "venue");

  private static final List<String> ACTIVATIONS =
      List.of("", "RELU", "SIGMOID", "TANH", "LEAKY_RELU", "SWISH", "GELU", "GELU_TANH", "SOFTMAX", "IDENTITY");

  /** One random declaration. */
  record Declaration(
      List<Integer> widths, List<String> activations, boolean useDouble, List<Integer> forms, boolean nested, boolean inherited, long seed) {

    String source() {
      String t = useDouble ? "double" : "float";
      StringBuilder code = new StringBuilder("package fuzz;\nimport dev.soma.*;\nimport static dev.soma.Activation.Kind.*;\n");
      if (nested) {
        code.append("class Outer {\n");
      }
      code.append("@Network\n");
      for (int l = 0; l + 1 < widths.size(); l++) {
        code.append("@Dense(in = ").append(widths.get(l)).append(", out = ").append(widths.get(l + 1)).append(")");
        String activation = activations.get(l % activations.size());
        if (!activation.isEmpty()) {
          code.append(" @Activation(").append(activation).append(")");
        }
        code.append("\n");
      }
      StringBuilder methods = new StringBuilder();
      SplittableRandom random = new SplittableRandom(seed);
      for (int k = 0; k < forms.size(); k++) {
        methods.append("  ").append(method(forms.get(k), "m" + k, t, random)).append("\n");
      }
      if (inherited) {
        code.append("interface Net extends Parent {}\n");
        code.append("interface Parent {\n").append(methods).append("}\n");
      } else {
        code.append("interface Net {\n").append(methods).append("}\n");
      }
      if (nested) {
        code.append("}\n");
      }
      return code.toString();
    }

    private String method(int form, String name, String t, SplittableRandom random) {
      List<String> names = new ArrayList<>(NAMES);
      java.util.Collections.shuffle(names, new java.util.Random(random.nextLong()));
      switch (form) {
        case 0:
          return t + "[] " + name + "(" + t + "[] " + names.get(0) + ");";
        case 1:
          return "void " + name + "(" + t + "[] " + names.get(0) + ", " + t + "[] " + names.get(1) + ");";
        case 2:
          return "int " + name + "(" + t + "[] " + names.get(0) + ");";
        case 3:
          return "void " + name + "(" + t + "[][] " + names.get(0) + ", " + t + "[][] " + names.get(1) + ");";
        default:
          int count = widths.get(0) + (random.nextInt(8) == 0 ? 1 : 0);
          StringBuilder parameters = new StringBuilder();
          for (int j = 0; j < count && j < names.size(); j++) {
            parameters.append(j == 0 ? "" : ", ").append(t).append(' ').append(names.get(j));
          }
          return t + " " + name + "(" + parameters + ");";
      }
    }
  }

  @Provide
  Arbitrary<Declaration> declarations() {
    Arbitrary<List<Integer>> widths =
        Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.integers().between(1, 12)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-1, 0)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(30, 90)))
            .list()
            .ofMinSize(2)
            .ofMaxSize(5);
    Arbitrary<List<String>> activations = Arbitraries.of(ACTIVATIONS).list().ofMinSize(1).ofMaxSize(4);
    Arbitrary<List<Integer>> forms = Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(
            widths,
            activations,
            Arbitraries.of(false, true),
            forms,
            Arbitraries.of(false, true),
            Arbitraries.of(false, true),
            Arbitraries.longs())
        .as(Declaration::new);
  }

  @Property
  void compilesCorrectlyOrFailsWithADiagnosticOnTheUsersFile(@ForAll("declarations") Declaration declaration) {
    String source = declaration.source();
    JavaFileObject file = JavaFileObjects.forSourceString("fuzz.Net", source);
    Compilation compilation =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> javac().withProcessors(new SomaProcessor()).withOptions("-Xlint:all,-processing").compile(file),
            () -> "javac did not finish on\n" + source);
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String message = diagnostic.getMessage(Locale.ROOT);
      check(!message.contains("internal error") && !message.contains("threw") && !message.contains("Exception"),
          "a crash: " + message, source);
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR || diagnostic.getKind() == Diagnostic.Kind.WARNING
          || diagnostic.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
        check(diagnostic.getSource() == null || diagnostic.getSource().getName().endsWith("Net.java"),
            "a diagnostic in generated code: " + diagnostic, source);
      }
    }
    Statistics.collect(compilation.status());
    if (compilation.status() == Compilation.Status.SUCCESS) {
      checkOutputs(declaration, compilation, source);
    } else {
      check(!compilation.errors().isEmpty(), "failed without an error", source);
    }
  }

  /** Every declared method computes what the reference computes from the network's own weights. */
  private static void checkOutputs(Declaration declaration, Compilation compilation, String source) {
    try {
      CompiledClasses classes = new CompiledClasses(compilation);
      String generated = declaration.nested() ? "fuzz.SomaOuter_Net" : "fuzz.SomaNet";
      Class<?> type = classes.loadClass(generated);
      Object network = type.getMethod("random", long.class).invoke(null, declaration.seed());
      Object weights = type.getMethod("weights").invoke(network);
      Object biases = type.getMethod("biases").invoke(network);
      double[][] w = declaration.useDouble() ? (double[][]) weights : ReferenceNetwork.toDouble((float[][]) weights);
      double[][] b = declaration.useDouble() ? (double[][]) biases : ReferenceNetwork.toDouble((float[][]) biases);
      List<String> kinds = new ArrayList<>();
      for (int l = 0; l + 1 < declaration.widths().size(); l++) {
        String activation = declaration.activations().get(l % declaration.activations().size());
        kinds.add(activation.isEmpty() ? "IDENTITY" : activation);
      }
      ReferenceNetwork reference = new ReferenceNetwork(w, b, kinds, 0.01);
      int in = declaration.widths().get(0);
      SplittableRandom random = new SplittableRandom(declaration.seed());
      double[] x = new double[in];
      for (int j = 0; j < in; j++) {
        x[j] = random.nextDouble(-2, 2);
      }
      if (!declaration.useDouble()) {
        for (int j = 0; j < in; j++) {
          x[j] = (float) x[j];
        }
      }
      double[] expected = reference.apply(x);
      for (Method method : type.getDeclaredMethods()) {
        if (!java.lang.reflect.Modifier.isPublic(method.getModifiers()) || !method.getName().matches("m\\d+")) {
          continue;
        }
        compare(method, network, x, expected, declaration.useDouble(), source);
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("could not run the generated class of\n" + source, e);
    }
  }

  private static void compare(Method method, Object network, double[] x, double[] expected, boolean useDouble, String source)
      throws ReflectiveOperationException {
    Class<?>[] parameters = method.getParameterTypes();
    Object input = useDouble ? x.clone() : toFloats(x);
    double[] got;
    if (parameters.length == 1 && method.getReturnType() == int.class) {
      int best = 0;
      for (int i = 1; i < expected.length; i++) {
        best = expected[i] > expected[best] ? i : best;
      }
      int index = (int) method.invoke(network, input);
      double[] sorted = expected.clone();
      java.util.Arrays.sort(sorted);
      boolean tie = sorted.length > 1 && sorted[sorted.length - 1] - sorted[sorted.length - 2] < 1e-4;
      check(tie || index == best, method.getName() + " returned " + index + ", reference " + best, source);
      return;
    }
    if (parameters.length == 1) {
      got = toDoubles(method.invoke(network, input));
    } else if (parameters.length == 2 && parameters[0].isArray() && parameters[0].getComponentType().isArray()) {
      Object xs = useDouble ? new double[][] {x.clone(), x.clone()} : new float[][] {toFloats(x), toFloats(x)};
      Object ys = useDouble ? new double[2][expected.length] : new float[2][expected.length];
      method.invoke(network, xs, ys);
      got = toDoubles(java.lang.reflect.Array.get(ys, 1));
    } else if (parameters.length == 2 && parameters[0].isArray()) {
      Object y = useDouble ? new double[expected.length] : new float[expected.length];
      method.invoke(network, input, y);
      got = toDoubles(y);
    } else {
      Object[] scalars = new Object[parameters.length];
      for (int j = 0; j < scalars.length; j++) {
        scalars[j] = useDouble ? (Object) x[j] : (Object) (float) x[j];
      }
      got = new double[] {((Number) method.invoke(network, scalars)).doubleValue()};
    }
    for (int i = 0; i < expected.length; i++) {
      double tolerance = (useDouble ? 1e-9 : 2e-4) * Math.max(1, Math.abs(expected[i]));
      check(Math.abs(got[i] - expected[i]) <= tolerance,
          method.getName() + " output " + i + " is " + got[i] + ", reference " + expected[i], source);
    }
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  private static double[] toDoubles(Object array) {
    double[] doubles = new double[java.lang.reflect.Array.getLength(array)];
    for (int i = 0; i < doubles.length; i++) {
      doubles[i] = ((Number) java.lang.reflect.Array.get(array, i)).doubleValue();
    }
    return doubles;
  }

  private static void check(boolean condition, String what, String source) {
    if (!condition) {
      throw new AssertionError(what + "\nfor the declaration\n" + source);
    }
  }
}
