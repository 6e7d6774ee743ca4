package dev.soma.processor.read;

import dev.soma.Activation;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.diag.Position;
import dev.soma.processor.read.DeclaredMethod.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Network declarations built by hand, as the reader would make them from source, so the validator
 * can be tested without javac. Every position is {@link #NOWHERE}: tests compare message texts.
 */
public final class Declarations {
  /** A position that names no element. */
  public static final Position NOWHERE = Position.of(null);

  private final List<WrittenLayerAnnotation> layers = new ArrayList<>();
  private final List<DeclaredMethod> methods = new ArrayList<>();
  private String kind = "interface";
  private boolean generic;
  private boolean trainable;

  private Declarations() {}

  /** An empty public interface {@code test.Net}. */
  public static Declarations network() {
    return new Declarations();
  }

  /** {@code @Dense(in, out)}. */
  public Declarations dense(int in, int out) {
    layers.add(new DenseAnnotation(in, out, null, null, "", null, null, NOWHERE, Map.of()));
    return this;
  }

  /** {@code @Dense(in, out, weights = ..., bias = ...)}. */
  public Declarations dense(int in, int out, double[] weights, double[] bias) {
    layers.add(new DenseAnnotation(in, out, null, null, "", weights, bias, NOWHERE, Map.of()));
    return this;
  }

  /** {@code @Activation(kind)}. */
  public Declarations activation(Activation.Kind kind) {
    layers.add(new ActivationAnnotation(kind, null, NOWHERE, Map.of()));
    return this;
  }

  /** {@code float name(float p0, float p1, ...)} with {@code inputs} parameters. */
  public Declarations scalarMethod(String name, int inputs) {
    List<ValueType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int j = 0; j < inputs; j++) {
      types.add(ValueType.FLOAT);
      names.add("p" + j);
    }
    methods.add(new DeclaredMethod(name, ValueType.FLOAT, types, names, false, false, name + "(...)", NOWHERE));
    return this;
  }

  /** {@code float[] name(float[] x)}. */
  public Declarations arrayMethod(String name) {
    methods.add(
        new DeclaredMethod(
            name, ValueType.FLOAT_ARRAY, List.of(ValueType.FLOAT_ARRAY), List.of("x"), false, false, name + "(float[])", NOWHERE));
    return this;
  }

  /** Declares the type as something other than an interface: {@code a class}, {@code an enum}. */
  public Declarations kind(String kind) {
    this.kind = kind;
    return this;
  }

  public Declarations generic() {
    this.generic = true;
    return this;
  }

  private dev.soma.Storage storage = dev.soma.Storage.F32;

  public Declarations trainable() {
    this.trainable = true;
    return this;
  }

  public NetworkDeclaration build() {
    return new NetworkDeclaration(
        new DeclaredInterface("test", List.of("Net"), kind, generic, false, false, List.of()),
        NOWHERE,
        NOWHERE,
        "",
        layers,
        true,
        methods,
        Set.of(),
        false,
        NOWHERE,
        trainable,
        NOWHERE,
        ActivationMath.EXACT,
        storage,
        NOWHERE);
  }

  public Declarations storage(dev.soma.Storage storage) {
    this.storage = storage;
    return this;
  }
}
