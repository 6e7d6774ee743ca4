package dev.soma.processor.read;

import dev.soma.Activation;
import dev.soma.Network.ActivationMath;
import dev.soma.Storage;
import dev.soma.processor.diag.Position;
import dev.soma.processor.read.DeclaredMethod.ValueType;
import dev.soma.processor.read.JavacTrees.WrittenAnnotation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage 1: reads the annotations and methods of a {@code @Network} interface into a {@link
 * NetworkDeclaration}. It checks nothing about the network; it only turns the compiler's model
 * into plain data and recovers the order the annotations were written in.
 */
public final class AnnotationReader {
  public static final String NETWORK = "dev.soma.Network";
  public static final String DENSE = "dev.soma.Dense";
  public static final String DENSE_LIST = "dev.soma.Dense.List";
  public static final String ACTIVATION = "dev.soma.Activation";
  public static final String ACTIVATION_LIST = "dev.soma.Activation.List";
  public static final String LAYER_NORM = "dev.soma.LayerNorm";
  public static final String LAYER_NORM_LIST = "dev.soma.LayerNorm.List";

  /** Thrown when an attribute holds a value the compiler has already reported as erroneous. */
  public static final class ErroneousValue extends Exception {
    private static final long serialVersionUID = 1L;

    ErroneousValue(String attribute) {
      super("erroneous value of " + attribute);
    }
  }

  private final Elements elements;
  private final Types types;
  private final Optional<JavacTrees> trees;

  public AnnotationReader(Elements elements, Types types, Optional<JavacTrees> trees) {
    this.elements = elements;
    this.types = types;
    this.trees = trees;
  }

  /** Reads {@code type}, which carries {@code @Network}. */
  public NetworkDeclaration read(TypeElement type) throws ErroneousValue {
    AnnotationMirror network = mirror(type, NETWORK).orElseThrow();
    String weightsFile = (String) valueOrDefault(network, "weights");
    List<AnnotationMirror> denseMirrors = repeated(type, DENSE, DENSE_LIST);
    List<AnnotationMirror> activationMirrors = repeated(type, ACTIVATION, ACTIVATION_LIST);
    List<AnnotationMirror> normMirrors = repeated(type, LAYER_NORM, LAYER_NORM_LIST);

    Optional<List<WrittenAnnotation>> written = trees.flatMap(t -> t.annotationsInSourceOrder(type));
    List<WrittenAnnotation> writtenDense = new ArrayList<>();
    List<WrittenAnnotation> writtenActivations = new ArrayList<>();
    List<WrittenAnnotation> writtenNorms = new ArrayList<>();
    List<String> order = new ArrayList<>();
    if (written.isPresent()) {
      for (WrittenAnnotation annotation : written.get()) {
        if (annotation.typeName.equals(DENSE)) {
          writtenDense.add(annotation);
          order.add(DENSE);
        } else if (annotation.typeName.equals(ACTIVATION)) {
          writtenActivations.add(annotation);
          order.add(ACTIVATION);
        } else if (annotation.typeName.equals(LAYER_NORM)) {
          writtenNorms.add(annotation);
          order.add(LAYER_NORM);
        }
      }
    }
    boolean orderKnown =
        written.isPresent()
            && writtenDense.size() == denseMirrors.size()
            && writtenActivations.size() == activationMirrors.size()
            && writtenNorms.size() == normMirrors.size();

    List<DenseAnnotation> dense = new ArrayList<>();
    for (int i = 0; i < denseMirrors.size(); i++) {
      dense.add(readDense(type, denseMirrors.get(i), orderKnown ? writtenDense.get(i) : null));
    }
    List<ActivationAnnotation> activations = new ArrayList<>();
    for (int i = 0; i < activationMirrors.size(); i++) {
      activations.add(
          readActivation(type, activationMirrors.get(i), orderKnown ? writtenActivations.get(i) : null));
    }

    List<LayerNormAnnotation> norms = new ArrayList<>();
    for (int i = 0; i < normMirrors.size(); i++) {
      norms.add(readLayerNorm(type, normMirrors.get(i), orderKnown ? writtenNorms.get(i) : null));
    }

    List<WrittenLayerAnnotation> sequence = new ArrayList<>();
    if (orderKnown) {
      int d = 0;
      int a = 0;
      int n = 0;
      for (String kind : order) {
        if (kind.equals(DENSE)) {
          sequence.add(dense.get(d++));
        } else if (kind.equals(ACTIVATION)) {
          sequence.add(activations.get(a++));
        } else {
          sequence.add(norms.get(n++));
        }
      }
    } else {
      sequence.addAll(dense);
      sequence.addAll(activations);
      sequence.addAll(norms);
    }
    Optional<WrittenAnnotation> writtenNetwork =
        written.flatMap(w -> w.stream().filter(x -> x.typeName.equals(NETWORK)).findFirst());
    Position networkPosition = annotationPosition(type, network, writtenNetwork.orElse(null));
    Map<String, Position> networkAttributes =
        attributePositions(type, network, explicitValues(network), writtenNetwork.orElse(null));
    Position weightsPosition = networkAttributes.getOrDefault("weights", networkPosition);
    boolean simd = bool(valueWithDefault(network, "simd"), "simd");
    boolean trainable = bool(valueWithDefault(network, "trainable"), "trainable");
    ActivationMath activationMath =
        constant(valueWithDefault(network, "activations"), ActivationMath.class, "activations");
    Storage storage = constant(valueWithDefault(network, "storage"), Storage.class, "storage");
    return new NetworkDeclaration(
        declared(type),
        networkPosition,
        weightsPosition,
        weightsFile,
        sequence,
        orderKnown,
        methods(type),
        suppressedWarnings(type),
        simd,
        networkAttributes.getOrDefault("simd", networkPosition),
        trainable,
        networkAttributes.getOrDefault("trainable", networkPosition),
        activationMath,
        storage,
        networkAttributes.getOrDefault("storage", networkPosition));
  }

  private DenseAnnotation readDense(TypeElement type, AnnotationMirror mirror, WrittenAnnotation written)
      throws ErroneousValue {
    Map<String, AnnotationValue> explicit = explicitValues(mirror);
    Map<String, Position> attributes = attributePositions(type, mirror, explicit, written);
    Activation.Kind activation =
        explicit.containsKey("activation") ? kind(explicit.get("activation"), "activation") : null;
    Double alpha = explicit.containsKey("alpha") ? number(explicit.get("alpha"), "alpha") : null;
    return new DenseAnnotation(
        (int) number(valueWithDefault(mirror, "in"), "in"),
        (int) number(valueWithDefault(mirror, "out"), "out"),
        activation,
        alpha,
        explicit.containsKey("name") ? string(explicit.get("name"), "name") : "",
        explicit.containsKey("weights") ? numbers(explicit.get("weights"), "weights") : null,
        explicit.containsKey("bias") ? numbers(explicit.get("bias"), "bias") : null,
        annotationPosition(type, mirror, written),
        attributes);
  }

  private ActivationAnnotation readActivation(
      TypeElement type, AnnotationMirror mirror, WrittenAnnotation written) throws ErroneousValue {
    Map<String, AnnotationValue> explicit = explicitValues(mirror);
    return new ActivationAnnotation(
        kind(valueWithDefault(mirror, "value"), "value"),
        explicit.containsKey("alpha") ? number(explicit.get("alpha"), "alpha") : null,
        annotationPosition(type, mirror, written),
        attributePositions(type, mirror, explicit, written));
  }

  private LayerNormAnnotation readLayerNorm(
      TypeElement type, AnnotationMirror mirror, WrittenAnnotation written) throws ErroneousValue {
    Map<String, AnnotationValue> explicit = explicitValues(mirror);
    return new LayerNormAnnotation(
        number(valueWithDefault(mirror, "epsilon"), "epsilon"),
        explicit.containsKey("name") ? string(explicit.get("name"), "name") : "",
        explicit.containsKey("gamma") ? numbers(explicit.get("gamma"), "gamma") : null,
        explicit.containsKey("beta") ? numbers(explicit.get("beta"), "beta") : null,
        annotationPosition(type, mirror, written),
        attributePositions(type, mirror, explicit, written));
  }

  private static Position annotationPosition(
      TypeElement type, AnnotationMirror mirror, WrittenAnnotation written) {
    Position position = Position.of(type, mirror);
    return written == null ? position : position.withTree(written.site);
  }

  private static Map<String, Position> attributePositions(
      TypeElement type,
      AnnotationMirror mirror,
      Map<String, AnnotationValue> explicit,
      WrittenAnnotation written) {
    Map<String, Position> positions = new HashMap<>();
    explicit.forEach(
        (name, value) -> {
          Object tree = written == null ? null : written.attributes.get(name);
          positions.put(name, Position.of(type, mirror).withValue(value, tree));
        });
    return positions;
  }

  private List<DeclaredMethod> methods(TypeElement type) {
    Set<ExecutableElement> abstractMembers =
        ElementFilter.methodsIn(elements.getAllMembers(type)).stream()
            .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT))
            .filter(m -> !isObjectMethod(m))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    List<DeclaredMethod> methods = new ArrayList<>();
    DeclaredType declared = (DeclaredType) type.asType();
    Set<String> erasedSignatures = new HashSet<>();
    for (ExecutableElement method : inDeclarationOrder(type)) {
      if (!abstractMembers.remove(method)) {
        continue;
      }
      ExecutableType resolved = (ExecutableType) types.asMemberOf(declared, method);
      String erased =
          method.getSimpleName()
              + resolved.getParameterTypes().stream()
                  .map(t -> types.erasure(t).toString())
                  .collect(Collectors.joining(",", "(", ")"));
      if (!erasedSignatures.add(erased)) {
        // the same method inherited from two superinterfaces: one implementation serves both
        continue;
      }
      List<ValueType> parameterTypes = new ArrayList<>();
      List<String> parameterNames = new ArrayList<>();
      for (int i = 0; i < method.getParameters().size(); i++) {
        parameterTypes.add(valueType(resolved.getParameterTypes().get(i)));
        parameterNames.add(method.getParameters().get(i).getSimpleName().toString());
      }
      String signature =
          resolved.getReturnType()
              + " "
              + method.getSimpleName()
              + resolved.getParameterTypes().stream()
                  .map(TypeMirror::toString)
                  .collect(Collectors.joining(", ", "(", ")"));
      methods.add(
          new DeclaredMethod(
              method.getSimpleName().toString(),
              valueType(resolved.getReturnType()),
              parameterTypes,
              parameterNames,
              !method.getTypeParameters().isEmpty(),
              method.isVarArgs(),
              signature,
              Position.of(method)));
    }
    return methods;
  }

  /** The methods of {@code type} and then of its superinterfaces, depth first, each in declaration order. */
  private List<ExecutableElement> inDeclarationOrder(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    Deque<TypeElement> pending = new ArrayDeque<>();
    Set<TypeElement> seen = new LinkedHashSet<>();
    pending.push(type);
    while (!pending.isEmpty()) {
      TypeElement next = pending.pop();
      if (!seen.add(next)) {
        continue;
      }
      methods.addAll(ElementFilter.methodsIn(next.getEnclosedElements()));
      List<? extends TypeMirror> supers = next.getInterfaces();
      for (int i = supers.size() - 1; i >= 0; i--) {
        Element element = types.asElement(supers.get(i));
        if (element instanceof TypeElement) {
          pending.push((TypeElement) element);
        }
      }
    }
    return methods;
  }

  private static boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    int parameters = method.getParameters().size();
    return (parameters == 0 && (name.equals("hashCode") || name.equals("toString")))
        || (parameters == 1
            && name.equals("equals")
            && method.getParameters().get(0).asType().toString().equals("java.lang.Object"));
  }

  private static ValueType valueType(TypeMirror type) {
    switch (type.getKind()) {
      case FLOAT:
        return ValueType.FLOAT;
      case DOUBLE:
        return ValueType.DOUBLE;
      case INT:
        return ValueType.INT;
      case VOID:
        return ValueType.VOID;
      case ARRAY:
        TypeMirror componentType = ((ArrayType) type).getComponentType();
        TypeKind component = componentType.getKind();
        if (component == TypeKind.FLOAT) {
          return ValueType.FLOAT_ARRAY;
        }
        if (component == TypeKind.DOUBLE) {
          return ValueType.DOUBLE_ARRAY;
        }
        if (component == TypeKind.ARRAY) {
          ValueType inner = valueType(componentType);
          if (inner == ValueType.FLOAT_ARRAY) {
            return ValueType.FLOAT_MATRIX;
          }
          return inner == ValueType.DOUBLE_ARRAY ? ValueType.DOUBLE_MATRIX : ValueType.OTHER;
        }
        return ValueType.OTHER;
      default:
        return ValueType.OTHER;
    }
  }

  private Set<String> suppressedWarnings(TypeElement type) {
    Set<String> suppressed = new LinkedHashSet<>();
    SuppressWarnings annotation = type.getAnnotation(SuppressWarnings.class);
    if (annotation != null) {
      suppressed.addAll(List.of(annotation.value()));
    }
    return suppressed;
  }

  /** The mirrors of a repeatable annotation, whether written once or wrapped in its container. */
  private static List<AnnotationMirror> repeated(Element element, String single, String container) {
    List<AnnotationMirror> mirrors = new ArrayList<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      String name = typeName(mirror);
      if (name.equals(single)) {
        mirrors.add(mirror);
      } else if (name.equals(container)) {
        for (AnnotationValue value : explicitValues(mirror).values()) {
          if (value.getValue() instanceof List) {
            for (Object item : (List<?>) value.getValue()) {
              Object inner = ((AnnotationValue) item).getValue();
              if (inner instanceof AnnotationMirror) {
                mirrors.add((AnnotationMirror) inner);
              }
            }
          }
        }
      }
    }
    return mirrors;
  }

  public static Optional<AnnotationMirror> mirror(Element element, String annotation) {
    return element.getAnnotationMirrors().stream()
        .filter(m -> typeName(m).equals(annotation))
        .findFirst()
        .map(m -> (AnnotationMirror) m);
  }

  private static String typeName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  private static Map<String, AnnotationValue> explicitValues(AnnotationMirror mirror) {
    Map<String, AnnotationValue> values = new HashMap<>();
    mirror.getElementValues().forEach((k, v) -> values.put(k.getSimpleName().toString(), v));
    return values;
  }

  private AnnotationValue valueWithDefault(AnnotationMirror mirror, String attribute) throws ErroneousValue {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue();
      }
    }
    throw new ErroneousValue(attribute);
  }

  private Object valueOrDefault(AnnotationMirror mirror, String attribute) throws ErroneousValue {
    Object value = valueWithDefault(mirror, attribute).getValue();
    if (!(value instanceof String)) {
      throw new ErroneousValue(attribute);
    }
    return value;
  }

  private static boolean bool(AnnotationValue value, String attribute) throws ErroneousValue {
    if (!(value.getValue() instanceof Boolean)) {
      throw new ErroneousValue(attribute);
    }
    return (Boolean) value.getValue();
  }

  private static double number(AnnotationValue value, String attribute) throws ErroneousValue {
    if (!(value.getValue() instanceof Number)) {
      throw new ErroneousValue(attribute);
    }
    return ((Number) value.getValue()).doubleValue();
  }

  private static String string(AnnotationValue value, String attribute) throws ErroneousValue {
    if (!(value.getValue() instanceof String)) {
      throw new ErroneousValue(attribute);
    }
    return (String) value.getValue();
  }

  private static double[] numbers(AnnotationValue value, String attribute) throws ErroneousValue {
    if (!(value.getValue() instanceof List)) {
      throw new ErroneousValue(attribute);
    }
    List<?> items = (List<?>) value.getValue();
    double[] numbers = new double[items.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = number((AnnotationValue) items.get(i), attribute);
    }
    return numbers;
  }

  private static Activation.Kind kind(AnnotationValue value, String attribute) throws ErroneousValue {
    return constant(value, Activation.Kind.class, attribute);
  }

  /** The enum constant an attribute names, or an erroneous value if it names none of {@code type}. */
  private static <E extends Enum<E>> E constant(AnnotationValue value, Class<E> type, String attribute)
      throws ErroneousValue {
    if (!(value.getValue() instanceof VariableElement)) {
      throw new ErroneousValue(attribute);
    }
    String name = ((VariableElement) value.getValue()).getSimpleName().toString();
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException unknown) {
      throw new ErroneousValue(attribute);
    }
  }


  /** The facts the validator checks about the annotated type itself. */
  private static DeclaredInterface declared(TypeElement type) {
    List<String> names = new ArrayList<>();
    boolean privateSomewhere = false;
    Element element = type;
    while (element instanceof TypeElement) {
      names.add(0, element.getSimpleName().toString());
      privateSomewhere |= element.getModifiers().contains(Modifier.PRIVATE);
      element = element.getEnclosingElement();
    }
    while (element != null && !(element instanceof PackageElement)) {
      element = element.getEnclosingElement();
    }
    String packageName = element == null ? "" : ((PackageElement) element).getQualifiedName().toString();
    return new DeclaredInterface(
        packageName,
        names,
        describeKind(type.getKind()),
        !type.getTypeParameters().isEmpty(),
        privateSomewhere,
        type.getModifiers().contains(Modifier.SEALED),
        type.getPermittedSubclasses().stream().map(TypeMirror::toString).collect(Collectors.toList()));
  }

  private static String describeKind(ElementKind kind) {
    switch (kind) {
      case INTERFACE:
        return "interface";
      case CLASS:
        return "a class";
      case ENUM:
        return "an enum";
      case RECORD:
        return "a record";
      case ANNOTATION_TYPE:
        return "an annotation type";
      default:
        return "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
