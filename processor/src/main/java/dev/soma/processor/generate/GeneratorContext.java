package dev.soma.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import dev.soma.processor.generate.forward.ActivationCode;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every writer of one generated class shares: the network, its precision and the type names
 * that follow from it, the generated class's name, and the names of the class's private members.
 *
 * <p>Names are allocated, never guessed. Private members (helper methods, scratch fields, weight
 * fields) get their names from one {@link NameAllocator} that first takes every name the user
 * wrote: the interface's methods and their parameters. So a user's method {@code forward} or
 * parameter {@code SCRATCH} pushes Soma's helper to {@code forward_} or {@code SCRATCH_} instead of
 * clashing with it. Inside a method, {@link #locals(NetworkMethod)} gives a fresh allocator that
 * holds the method's parameter names, so a parameter {@code b} stays {@code b} and Soma's locals
 * step around it.
 */
public final class GeneratorContext {
  private final NetworkModel network;
  private final ClassName generated;
  private final ClassName networkInterface;
  private final NameAllocator members = new NameAllocator();
  private final Set<String> userNames = new LinkedHashSet<>();

  public GeneratorContext(NetworkModel network) {
    this.network = network;
    this.generated = ClassName.get(network.packageName(), network.generatedName());
    String[] names = network.interfaceName().split("\\.");
    this.networkInterface =
        ClassName.get(
            network.packageName(), names[0], java.util.Arrays.copyOfRange(names, 1, names.length));
    for (NetworkMethod method : network.methods()) {
      userNames.add(method.name());
      userNames.addAll(method.parameterNames());
    }
    for (String name : userNames) {
      members.newName(name, "user:" + name);
    }
  }

  public NetworkModel network() {
    return network;
  }

  public Precision precision() {
    return network.precision();
  }

  /** {@code float} or {@code double}, as written in source. */
  public String keyword() {
    return network.precision().javaType();
  }

  /** {@code float} or {@code double}. */
  public TypeName scalar() {
    return network.precision() == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
  }

  /** {@code float[]} or {@code double[]}. */
  public TypeName array() {
    return ArrayTypeName.of(scalar());
  }

  /** {@code float[][]} or {@code double[][]}. */
  public TypeName matrix() {
    return ArrayTypeName.of(array());
  }

  /** The generated class, {@code SomaX}. */
  public ClassName generated() {
    return generated;
  }

  /** The user's interface. */
  public ClassName networkInterface() {
    return networkInterface;
  }

  /**
   * The name of the private member Soma calls {@code base}: {@code base} itself unless the user
   * wrote that name, then {@code base_} (and so on). The same base always gives the same name.
   */
  public String member(String base) {
    try {
      return members.get(base);
    } catch (IllegalArgumentException notYetAllocated) {
      return members.newName(base, base);
    }
  }

  /**
   * Names for the locals of {@code method}'s body: the parameters keep the user's names, and each
   * local Soma writes is allocated around them (and around Soma's private members).
   */
  public NameAllocator locals(NetworkMethod method) {
    NameAllocator locals = new NameAllocator();
    for (String name : method.parameterNames()) {
      locals.newName(name, name);
    }
    return locals;
  }

  /** Names the user wrote that look like types: generated code qualifies types of those names. */
  public String[] typeLikeUserNames() {
    List<String> names = new ArrayList<>();
    for (String name : userNames) {
      if (!name.isEmpty() && Character.isUpperCase(name.charAt(0))) {
        names.add(name);
      }
    }
    return names.toArray(new String[0]);
  }

  /** {@code value} rounded to the network's precision, as an exact source literal. */
  public String literal(double value) {
    return Literals.of(value, network.precision());
  }

  /**
   * {@code expression} with an element-wise {@code function} applied, computed as the network's
   * {@code @Network(activations = ...)} says.
   */
  public CodeBlock activation(ActivationFunction function, CodeBlock expression) {
    return ActivationCode.apply(function, expression, network.precision(), network.activations());
  }

  /** {@code @Generated("dev.soma.processor.SomaProcessor")}, on every class Soma writes. */
  public static AnnotationSpec generatedAnnotation() {
    return AnnotationSpec.builder(RuntimeTypes.GENERATED)
        .addMember("value", "$S", RuntimeTypes.PROCESSOR)
        .build();
  }

  /** {@code Checks.length(array, expected, "array");}: the generated methods' argument check. */
  public void checkLength(CodeBlock.Builder code, String array, int expected) {
    code.addStatement("$T.length($N, $L, $S)", RuntimeTypes.CHECKS, array, expected, array);
  }

  /** {@code 3 -> 2 relu -> 1 sigmoid}. */
  public String shape() {
    StringBuilder shape = new StringBuilder().append(network.inputs());
    for (Layer layer : network.layers()) {
      shape.append(" -> ").append(layer.out());
      for (ActivationFunction function : layer.activations()) {
        shape.append(' ').append(function.describe());
      }
    }
    return shape.toString();
  }

  /** {@code layer 1 has 2 x 3, layer 2 has 1 x 2}; {@code layer 3 (LayerNorm) has 2} for a LayerNorm's gamma and beta. */
  public String layerShapes() {
    return network.layers().stream()
        .map(l -> "layer " + l.number() + (l.isLayerNorm() ? " (LayerNorm) has " + l.out() : " has " + l.out() + " x " + l.in()))
        .collect(Collectors.joining(", "));
  }

  /** {@code layer 1: dense 3 -> 2, relu}, {@code layer 2: layer norm over 2 (epsilon 1.0E-5), linear}, for comments. */
  public static String describe(Layer layer) {
    String activations =
        layer.activations().isEmpty()
            ? "linear"
            : layer.activations().stream()
                .map(ActivationFunction::describe)
                .collect(Collectors.joining(" then "));
    String origin =
        layer.origin().equals("layer " + layer.number()) ? "" : " (" + layer.origin() + ")";
    String kind =
        layer.isLayerNorm()
            ? "layer norm over " + layer.out() + " (epsilon " + layer.epsilon() + ")"
            : "dense " + layer.in() + " -> " + layer.out();
    return "layer " + layer.number() + origin + ": " + kind + ", " + activations;
  }

  /** {@code Layer 1: dense 3 -> 2, relu}, for Javadoc. */
  public static String describeCapitalised(Layer layer) {
    String text = describe(layer);
    return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }
}
