package dev.soma.processor.generate.train;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.soma.processor.generate.Literals;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.Precision;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The trainer's backward pass through a LayerNorm layer {@code z = xhat * gamma + beta}, {@code
 * xhat = (x - mean) * inverse}, {@code inverse = 1 / sqrt(var + epsilon)}: from {@code d = dL/dz}
 * it adds {@code dL/dgamma = d * xhat} and {@code dL/dbeta = d}, and sets the layer before's
 * {@code dL/dx = inverse * (g - mean(g) - xhat * mean(g * xhat))} with {@code g = d * gamma}, then
 * takes it through that layer's activations. The mean and {@code inverse} are recomputed from the
 * input, in double as in the forward pass.
 */
final class LayerNormBackward {
  /** Adds the chain rule through a layer's activations {@code top}, ..., 1 to {@code d<n>}. */
  interface ThroughActivations {
    void add(CodeBlock.Builder code, Layer layer, int top);
  }

  private LayerNormBackward() {}

  static MethodSpec method(
      Layer layer, List<Layer> layers, Precision precision, ThroughActivations activations) {
    int n = layer.number();
    int features = layer.out();
    String type = precision.javaType();
    String cast = precision == Precision.FLOAT ? "(float) " : "";
    String widen = precision == Precision.FLOAT ? "(double) " : "";
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$L[] d = this.d$L", type, n);
    code.addStatement("$L[] gamma = w$Lc[0]", type, n);
    code.addStatement("$L[] gammaGradient = gw$Lc[0]", type, n);
    code.add("// the forward pass's mean and 1 / sqrt(var + epsilon), recomputed from x\n");
    code.addStatement("double sum = 0");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", features);
    code.addStatement("sum += x[i]");
    code.endControlFlow();
    code.addStatement("double mean = sum / $L", features);
    code.addStatement("double squares = 0");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", features);
    code.addStatement("double deviation = x[i] - mean");
    code.addStatement("squares += deviation * deviation");
    code.endControlFlow();
    code.addStatement(
        "double inverse = 1.0 / $T.sqrt(squares / $L + $L)",
        RuntimeTypes.MATH,
        features,
        Literals.of(layer.epsilon(), Precision.DOUBLE));
    code.add("// dgamma += d xhat, dbeta += d; g = dL/dxhat = d gamma and its sums\n");
    code.addStatement("double gSum = 0");
    code.addStatement("double gxSum = 0");
    code.beginControlFlow("for (int i = 0; i < $L; i++)", features);
    code.addStatement("double xhat = (x[i] - mean) * inverse");
    code.addStatement("gb$L[i] += d[i]", n);
    code.addStatement("gammaGradient[i] += $L(d[i] * xhat)", cast);
    code.addStatement("double g = $Ld[i] * gamma[i]", widen);
    code.addStatement("gSum += g");
    code.addStatement("gxSum += g * xhat");
    code.endControlFlow();
    if (n > 1) {
      Layer previous = layers.get(n - 2);
      code.add(
          "// dL/dh$L = inverse (g - mean(g) - xhat mean(g xhat)), then through layer $L's activations to dL/dz$L\n",
          n - 1,
          n - 1,
          n - 1);
      code.addStatement("$L[] previous = this.d$L", type, n - 1);
      code.beginControlFlow("for (int i = 0; i < $L; i++)", features);
      code.addStatement("double xhat = (x[i] - mean) * inverse");
      code.addStatement(
          "previous[i] = $L(inverse * ($Ld[i] * gamma[i] - gSum / $L - xhat * gxSum / $L))",
          cast,
          widen,
          features,
          features);
      code.endControlFlow();
      activations.add(code, previous, previous.activations().size());
    }
    TypeName array = ArrayTypeName.of(precision == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE);
    return MethodSpec.methodBuilder("backward" + n)
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(
            "Backward through layer $L, a LayerNorm: adds its gamma and beta gradients, from {@code d$L} ="
                + " dL/dz$L and the\nlayer's input {@code x}$L.\n",
            n,
            n,
            n,
            n > 1 ? ", and sets {@code d" + (n - 1) + "} = dL/dz" + (n - 1) : "")
        .addParameter(array, "x")
        .addCode(code.build())
        .build();
  }
}
