package dev.soma.processor.diag;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic Soma prints, in one place so they read alike and tests can refer to them. Each
 * says what is wrong, with the numbers involved, and how to fix it.
 */
public enum Message {
  NETWORK_NOT_INTERFACE(Kind.ERROR, "@Network must annotate an interface, but %s is %s; declare it as an interface"),
  NETWORK_GENERIC(Kind.ERROR, "@Network interface %s declares type parameters; a network computes on float or double arrays, so remove them"),
  NETWORK_NOT_ACCESSIBLE(Kind.ERROR, "@Network interface %s is private, so the generated class cannot implement it; make it package-private or public"),
  LAYER_WITHOUT_NETWORK(Kind.ERROR, "@%s on %s has no effect without @Network; add @Network to %s"),
  NO_LAYERS(Kind.ERROR, "@Network %s declares no @Dense layer; add at least one, for example @Dense(in = 3, out = 1)"),
  SIZE_BELOW_ONE(Kind.ERROR, "layer %d: @Dense(%s = %d) must be at least 1"),
  LAYER_TOO_LARGE(Kind.ERROR, "layer %d: @Dense(in = %d, out = %d) has %d weights, more than a Java array holds (%d)"),
  SHAPE_MISMATCH(Kind.ERROR, "layer %d @Dense(in = %d) does not match layer %d's out = %d; set in = %d"),
  INPUT_COUNT_MISMATCH(Kind.ERROR, "method %s takes %d inputs but layer 1 has @Dense(in = %d); declare %d parameters or set in = %d"),
  SCALAR_OUTPUT_MISMATCH(Kind.ERROR, "method %s returns a single %s but the last layer (layer %d) has out = %d; return %s[] or set out = 1"),
  ARGMAX_NEEDS_OUTPUTS(Kind.ERROR, "method %s returns the index of the largest output, which needs at least 2 outputs, but the last layer (layer %d) has out = %d"),
  WEIGHTS_LENGTH(Kind.ERROR, "layer %d: weights has %d values but @Dense(in = %d, out = %d) needs in * out = %d (row-major: %d rows of %d)"),
  BIAS_LENGTH(Kind.ERROR, "layer %d: bias has %d values but @Dense(out = %d) needs %d"),
  WEIGHTS_WITHOUT_BIAS(Kind.ERROR, "layer %d gives weights but no bias; add bias with %d values (zeros if the layer has no bias)"),
  BIAS_WITHOUT_WEIGHTS(Kind.ERROR, "layer %d gives bias but no weights; add weights with %d values (row-major, out x in)"),
  PARTIAL_WEIGHTS(Kind.ERROR, "layer %d has no inline weights but layer %d has; give every layer weights and bias, or none (then they come at run time)"),
  NON_FINITE_WEIGHT(Kind.ERROR, "layer %d: %s[%d] is %s; inline weights must be finite numbers"),
  DUPLICATE_LAYER_NAME(Kind.ERROR, "layers %d and %d are both named \"%s\"; layer names must be unique"),
  ACTIVATION_BEFORE_DENSE(Kind.ERROR, "@Activation(%s) comes before any @Dense; write it after the @Dense whose output it transforms"),
  ACTIVATION_TWICE(Kind.ERROR, "layer %d has both activation = %s and @Activation(%s); keep one of them"),
  ORDER_UNKNOWN(Kind.ERROR, "cannot tell which @Dense each @Activation follows: this compiler does not expose source order, and %s has %d @Dense but %d @Activation; use the activation attribute, @Dense(in = .., out = .., activation = RELU), or write @Activation(IDENTITY) after every linear @Dense"),
  SOFTMAX_SINGLE_OUTPUT(Kind.ERROR, "layer %d: SOFTMAX over a single output is always 1; use SIGMOID for a binary output"),
  UNSUPPORTED_METHOD(Kind.ERROR, "method %s is not a form Soma can implement; the accepted forms, with T = float or double, are: T[] m(T[] x), void m(T[] x, T[] y), T m(T a, T b, ...), int m(T[] x), void m(T[][] xs, T[][] ys)"),
  MIXED_PRECISION(Kind.ERROR, "%s mixes float and double: %s uses %s but %s uses %s; Soma computes a network in one precision, so use one of them in every method"),
  LINEAR_COLLAPSE(Kind.WARNING, "layers %d and %d have no activation between them, so together they are one linear layer: W2(W1 x + b1) + b2 = W' x + b' with W' = W2 W1, b' = W2 b1 + b2%s; add an activation after layer %d, or write @SuppressWarnings(\"soma\") on the interface if this is intended"),
  ACTIVATIONS_IN_A_ROW(Kind.WARNING, "layer %d has %d activations in a row (%s), applied in that order; did you mean a @Dense between them?"),
  ALPHA_IGNORED(Kind.WARNING, "alpha = %s has no effect on %s; it is the slope of LEAKY_RELU"),
  WEIGHTS_FILE_NOT_FOUND(Kind.ERROR, "weight file \"%s\" not found; searched %s; put it in src/main/resources or pass -Asoma.weights.dir=<directory>"),
  WEIGHTS_FILE_INVALID(Kind.ERROR, "weight file %s"),
  WEIGHTS_FILE_MISMATCH(Kind.ERROR, "%s"),
  WEIGHTS_FILE_NOTE(Kind.WARNING, "%s"),
  WEIGHTS_FILE_AND_INLINE(Kind.ERROR, "layer %d has inline weights but @Network(weights = \"%s\") gives them too; keep one of them"),
  GRAPH_LAYER_COUNT(Kind.ERROR, "%s declares %d @Dense layers but %s has %d (%s); declare the same layers, or none to take the graph's"),
  GRAPH_LAYER_MISMATCH(Kind.ERROR, "layer %d @Dense(in = %d, out = %d) with %s does not match %s in %s, which has in = %d, out = %d with %s"),
  SIMD_MODULE_MISSING(Kind.ERROR, "@Network(simd = true) on %s needs the Vector API, but module jdk.incubator.vector is not in this compilation; add --add-modules jdk.incubator.vector to javac (Maven: maven-compiler-plugin <compilerArgs>) and to java when running, or set simd = false"),
  OPTION_INVALID(Kind.ERROR, "processor option -A%s=%s is not valid; it takes %s (an internal option for measuring Soma: leave it out to get the defaults)"),
  TRAINABLE_WITH_BAKED_WEIGHTS(Kind.ERROR, "@Network(trainable = true) on %s asks for a trainer, but the weights are baked in at compile time (%s) and training cannot change them; remove trainable = true, or remove the baked weights and give them at run time (new Soma<Name>(weights, biases) or load(...))"),
  INTERNAL_ERROR(Kind.ERROR, "Soma could not process %s because of an internal error (%s); please report it with this declaration");

  /** Mirrors {@link Diagnostic.Kind} for the two kinds Soma uses. */
  enum Kind {
    ERROR,
    WARNING
  }

  private final Kind kind;
  private final String template;

  Message(Kind kind, String template) {
    this.kind = kind;
    this.template = template;
  }

  public Diagnostic.Kind kind() {
    return kind == Kind.ERROR ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING;
  }

  /** The text as the README documents it, each placeholder shown as "…". */
  public String documented() {
    return template.replaceAll("%[sd]", "…");
  }

  /** The text with its placeholders filled in. */
  public String format(Object... args) {
    return String.format(Locale.ROOT, template, args);
  }
}
