package dev.soma.processor.generate.train;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.soma.Activation;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.forward.LayerLoops;
import dev.soma.processor.generate.forward.LayerNormCode;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The numerical methods of a generated trainer (see {@link TrainerWriter} for the fields they use):
 * {@code forward(x)} keeping every layer's pre-activation and activation outputs, {@code
 * lossValue()} and {@code correct()} for the current {@code target}, {@code outputDelta()} setting
 * dL/dz at the output layer (fused with SOFTMAX for cross-entropy and with SIGMOID for binary
 * cross-entropy), and {@code backward(x)}, which adds every layer's {@code dW = d x^T} and {@code
 * db = d} to the gradient sums and sets {@code d} of the layer before to {@code (W^T d) * phi'(z)}.
 * Every loop bound is a compile-time constant. The forward pass computes its activations exactly
 * ({@code Activations}) even in a network declared with {@code activations = FAST}: the derivatives
 * are exact, and the gradient checks hold for those.
 */
final class BackpropagationWriter {
  private static final ClassName LOSS = RuntimeTypes.LOSS;

  private final Precision precision;
  private final String type;
  private final TypeName array;
  private final List<Layer> layers;
  private final Layer last;
  private final int outputs;

  BackpropagationWriter(NetworkModel network) {
    this.precision = network.precision();
    this.type = precision.javaType();
    this.array = ArrayTypeName.of(precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE);
    this.layers = network.layers();
    this.last = layers.get(layers.size() - 1);
    this.outputs = network.outputs();
  }

  /** Adds the forward, loss and backward methods to the trainer class. */
  void addMethods(TypeSpec.Builder trainer) {
    trainer.addMethod(forward());
    for (Layer layer : layers) {
      trainer.addMethod(forwardLayer(layer));
    }
    trainer.addMethod(lossValue());
    trainer.addMethod(correct());
    trainer.addMethod(outputDelta());
    trainer.addMethod(backward());
    for (int l = layers.size() - 1; l >= 0; l--) {
      trainer.addMethod(backwardLayer(layers.get(l)));
    }
  }

  /** The layer's output array: {@code h<n>}, or {@code z<n>} for a linear layer. */
  static String output(Layer layer) {
    return layer.activations().isEmpty() ? "z" + layer.number() : "h" + layer.number();
  }

  // ----------------------------------------------------------------------------------------------
  // Forward with cached values

  private MethodSpec forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    String input = "x";
    for (Layer layer : layers) {
      code.addStatement("forward$L($L)", layer.number(), input);
      input = output(layer);
    }
    return MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Runs the network on {@code x}, keeping every layer's pre-activation and output.\n")
        .addParameter(array, "x")
        .addCode(code.build())
        .build();
  }

  private MethodSpec forwardLayer(Layer layer) {
    int n = layer.number();
    CodeBlock.Builder code = CodeBlock.builder();
    if (layer.isLayerNorm()) {
      LayerNormCode.apply(
          code,
          layer,
          CodeBlock.of("x"),
          CodeBlock.of("z$L", n),
          CodeBlock.of("w$Lc[0]", n),
          CodeBlock.of("b$L", n));
    } else {
      code.addStatement("$L[] z = this.z$L", type, n);
      code.addStatement("$T.arraycopy(b$L, 0, z, 0, $L)", RuntimeTypes.SYSTEM, n, layer.out());
      code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
      code.addStatement("$L[] column = w$Lc[j]", type, n);
      LayerLoops.addNonZeroColumn(code, layer, precision, CodeBlock.of("x[j]"), CodeBlock.of("z"));
      code.endControlFlow();
    }
    List<ActivationFunction> stages = layer.activations();
    for (int s = 1; s <= stages.size(); s++) {
      ActivationFunction function = stages.get(s - 1);
      String in = stageInput(layer, s);
      String out = stageOutput(layer, s);
      LayerLoops.addActivation(code, layer, function, precision, ActivationMath.EXACT, in, out);
    }
    return MethodSpec.methodBuilder("forward" + n)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "$L, keeping {@code z$L}$L.\n",
            GeneratorContext.describeCapitalised(layer),
            n,
            stages.isEmpty() ? "" : " and the activations' outputs")
        .addParameter(array, "x")
        .addCode(code.build())
        .build();
  }

  /**
   * {@code for each input j with x[j] != 0: for each neuron i: statement}, with {@code xj} and
   * {@code column = columns[j]} in scope. Zero inputs (common after ReLU and in images) are
   * skipped.
   */
  private void nonZeroInputColumns(
      CodeBlock.Builder code, Layer layer, String columns, String statement) {
    code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
    code.addStatement("$L xj = x[j]", type);
    code.beginControlFlow("if (xj == 0)");
    code.addStatement("continue");
    code.endControlFlow();
    code.addStatement("$L[] column = $L[j]", type, columns);
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    code.addStatement(statement);
    code.endControlFlow();
    code.endControlFlow();
  }

  /** The input of activation {@code s} (from 1) of {@code layer}. */
  private static String stageInput(Layer layer, int s) {
    return s == 1 ? "z" + layer.number() : "a" + layer.number() + "_" + (s - 1);
  }

  /** The output of activation {@code s} (from 1) of {@code layer}. */
  private static String stageOutput(Layer layer, int s) {
    return s == layer.activations().size() ? "h" + layer.number() : "a" + layer.number() + "_" + s;
  }

  // ----------------------------------------------------------------------------------------------
  // Loss

  private boolean fusedWith(Activation.Kind kind) {
    return last.endsWith(kind);
  }

  private MethodSpec lossValue() {
    String y = output(last);
    int stages = last.activations().size();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("double sum = 0");
    if (fusedWith(Activation.Kind.SOFTMAX)) {
      String u = stageInput(last, stages);
      code.beginControlFlow("if (loss == $T.CROSS_ENTROPY)", LOSS);
      code.add(
          "// -sum t_i log softmax(u)_i = sum t_i (logsumexp(u) - u_i), with the maximum"
              + " subtracted\n");
      code.addStatement("double max = $L[0]", u);
      code.beginControlFlow("for (int i = 1; i < $L; i++)", outputs);
      code.addStatement("max = Math.max(max, $L[i])", u);
      code.endControlFlow();
      code.addStatement("double exponentials = 0");
      code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
      code.addStatement("exponentials += Math.exp($L[i] - max)", u);
      code.endControlFlow();
      code.addStatement("double logSumExp = max + Math.log(exponentials)");
      code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
      code.beginControlFlow("if (target[i] != 0)");
      code.addStatement("sum += target[i] * (logSumExp - $L[i])", u);
      code.endControlFlow();
      code.endControlFlow();
      code.addStatement("return sum");
      code.endControlFlow();
    }
    if (fusedWith(Activation.Kind.SIGMOID)) {
      String u = stageInput(last, stages);
      code.beginControlFlow("if (loss == $T.BINARY_CROSS_ENTROPY)", LOSS);
      code.add(
          "// -(t log sigmoid(u) + (1 - t) log(1 - sigmoid(u))) = max(u, 0) - u t + log(1 +"
              + " e^-|u|)\n");
      code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
      code.addStatement("double u = $L[i]", u);
      code.addStatement(
          "sum += Math.max(u, 0) - u * target[i] + Math.log1p(Math.exp(-Math.abs(u)))");
      code.endControlFlow();
      code.addStatement("return sum / $L", outputs);
      code.endControlFlow();
    }
    code.add("// mean squared error\n");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
    code.addStatement("double error = $L[i] - target[i]", y);
    code.addStatement("sum += error * error");
    code.endControlFlow();
    code.addStatement("return sum / $L", outputs);
    return MethodSpec.methodBuilder("lossValue")
        .addModifiers(Modifier.PRIVATE)
        .returns(TypeName.DOUBLE)
        .addJavadoc(
            "The current example's loss, from the cached forward pass and {@code target}.\n")
        .addCode(code.build())
        .build();
  }

  private MethodSpec correct() {
    String y = output(last);
    CodeBlock.Builder code = CodeBlock.builder();
    if (outputs == 1) {
      code.addStatement("return Math.abs($L[0] - target[0]) < 0.5", y);
    } else {
      code.addStatement("int predicted = 0");
      code.addStatement("int expected = 0");
      code.beginControlFlow("for (int i = 1; i < $L; i++)", outputs);
      code.beginControlFlow("if ($L[i] > $L[predicted])", y, y);
      code.addStatement("predicted = i");
      code.endControlFlow();
      code.beginControlFlow("if (target[i] > target[expected])");
      code.addStatement("expected = i");
      code.endControlFlow();
      code.endControlFlow();
      code.addStatement("return predicted == expected");
    }
    return MethodSpec.methodBuilder("correct")
        .addModifiers(Modifier.PRIVATE)
        .returns(TypeName.BOOLEAN)
        .addJavadoc(
            outputs == 1
                ? "Whether the output is within 0.5 of the target.\n"
                : "Whether the largest output is where the target is largest.\n")
        .addCode(code.build())
        .build();
  }

  private MethodSpec outputDelta() {
    int n = last.number();
    int stages = last.activations().size();
    String y = output(last);
    String d = "d" + n;
    CodeBlock.Builder code = CodeBlock.builder();
    boolean softmax = fusedWith(Activation.Kind.SOFTMAX);
    boolean fused = softmax || fusedWith(Activation.Kind.SIGMOID);
    if (fused) {
      // The loss fused with the last activation: dL/du at that activation's input u.
      code.beginControlFlow(
          "if (loss == $T.$L)", LOSS, softmax ? "CROSS_ENTROPY" : "BINARY_CROSS_ENTROPY");
      if (softmax) {
        code.add("// fused with softmax: dL/du = y sum(t) - t\n");
        code.addStatement("$L targetSum = 0", type);
        code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
        code.addStatement("targetSum += target[i]");
        code.endControlFlow();
        code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
        code.addStatement("$L[i] = $L[i] * targetSum - target[i]", d, y);
      } else {
        code.add("// fused with sigmoid: dL/du = (y - t) / outputs\n");
        code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
        code.addStatement(
            "$L[i] = ($L[i] - target[i]) * $L", d, y, Literals.of(1.0 / outputs, precision));
      }
      code.endControlFlow();
      activationsBackward(code, last, stages - 1);
      code.nextControlFlow("else");
    }
    code.add("// mean squared error: dL/dy = 2 (y - t) / outputs\n");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", outputs);
    code.addStatement(
        "$L[i] = ($L[i] - target[i]) * $L", d, y, Literals.of(2.0 / outputs, precision));
    code.endControlFlow();
    activationsBackward(code, last, stages);
    if (fused) {
      code.endControlFlow();
    }
    return MethodSpec.methodBuilder("outputDelta")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Sets {@code d$L} to dL/dz$L, the loss's gradient at the output layer's"
                + " pre-activation.\n",
            n,
            n)
        .addCode(code.build())
        .build();
  }

  /**
   * Turns {@code d<n>}, holding dL/d(output of activation {@code top}), into dL/dz<n> in place, by
   * the chain rule through activations {@code top}, ..., 1.
   */
  void activationsBackward(CodeBlock.Builder code, Layer layer, int top) {
    String d = "d" + layer.number();
    for (int s = top; s >= 1; s--) {
      ActivationFunction function = layer.activations().get(s - 1);
      String in = stageInput(layer, s);
      if (function.kind() == Activation.Kind.IDENTITY) {
        continue;
      }
      if (function.elementWise()) {
        code.add("// through $L\n", function.describe());
        code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
        code.addStatement(
            "$L[i] *= $L", d, DerivativeCode.of(function, CodeBlock.of("$L[i]", in), precision));
        code.endControlFlow();
      } else {
        String out = stageOutput(layer, s);
        code.add("// through softmax: du_i = y_i (dy_i - sum_k dy_k y_k)\n");
        code.addStatement("$L dot = 0", type);
        code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
        code.addStatement("dot += $L[i] * $L[i]", d, out);
        code.endControlFlow();
        code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
        code.addStatement("$L[i] = $L[i] * ($L[i] - dot)", d, out, d);
        code.endControlFlow();
      }
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Backward

  private MethodSpec backwardLayer(Layer layer) {
    if (layer.isLayerNorm()) {
      return LayerNormBackward.method(layer, layers, precision, this::activationsBackward);
    }
    int n = layer.number();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L[] d = this.d$L", type, n);
    code.add("// db += d\n");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
    code.addStatement("gb$L[i] += d[i]", n);
    code.endControlFlow();
    code.add("// dW += d x^T, by input column\n");
    nonZeroInputColumns(code, layer, "gw" + n + "c", "column[i] += d[i] * xj");
    if (n > 1) {
      Layer previous = layers.get(n - 2);
      code.add(
          "// dL/dh$L = W^T d, then through layer $L's activations to dL/dz$L\n",
          n - 1,
          n - 1,
          n - 1);
      code.addStatement("$L[] previous = this.d$L", type, n - 1);
      code.beginControlFlow("for (int j = 0; j < $L; j++)", layer.in());
      code.addStatement("$L[] column = w$Lc[j]", type, n);
      code.addStatement("$L sum = 0", type);
      code.beginControlFlow("for (int i = 0; i < $L; i++)", layer.out());
      code.addStatement("sum += column[i] * d[i]");
      code.endControlFlow();
      code.addStatement("previous[j] = sum");
      code.endControlFlow();
      activationsBackward(code, previous, previous.activations().size());
    }
    return MethodSpec.methodBuilder("backward" + n)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Backward through layer $L: adds its gradients, from {@code d$L} = dL/dz$L and the"
                + " layer's input\n"
                + "{@code x}$L.\n",
            n,
            n,
            n,
            n > 1 ? ", and sets {@code d" + (n - 1) + "} = dL/dz" + (n - 1) : "")
        .addParameter(array, "x")
        .addCode(code.build())
        .build();
  }

  private MethodSpec backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    for (int l = layers.size() - 1; l >= 0; l--) {
      code.addStatement("backward$L($L)", l + 1, l == 0 ? "x" : output(layers.get(l - 1)));
    }
    return MethodSpec.methodBuilder("backward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Backpropagates {@code d$L}, set by {@link #outputDelta}, through every layer; {@code"
                + " x} is the input.\n",
            last.number())
        .addParameter(array, "x")
        .addCode(code.build())
        .build();
  }
}
