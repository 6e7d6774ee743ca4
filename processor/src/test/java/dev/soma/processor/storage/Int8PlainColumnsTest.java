package dev.soma.processor.storage;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.runtime.Quantization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Plain INT8 loops read the int8 columns on JDK 25 and later and float copies of them elsewhere
 * ({@code INT8_COLUMNS}). Both branches, forced by rewriting the flag's initialiser in the generated
 * source, give the same bits as a float loop written here: {@code acc += (float) q * x} in input
 * order, then {@code b + s * acc}.
 */
class Int8PlainColumnsTest {
  private static final int IN = 37;
  private static final int HIDDEN = 21;
  private static final int OUT = 6;
  private static final Pattern FLAG =
      Pattern.compile("(boolean INT8_COLUMNS\\s*=\\s*)[\\w.]*Quantization\\.int8LoopsVectorise\\(\\);");

  private static final NetworkSource SOURCE =
      NetworkSource.of(
          "@Network(storage = Storage.INT8)",
          "@Dense(in = " + IN + ", out = " + HIDDEN + ") @Activation(RELU)",
          "@Dense(in = " + HIDDEN + ", out = " + OUT + ")",
          "interface Net { float[] apply(float[] x); }");

  @Test
  void byteAndFloatColumnsGiveTheSameBitsAsAFloatLoop() throws Exception {
    Compilation compilation = SOURCE.compileWithJavac("-Werror");
    assertThat(compilation).succeeded();
    String generated =
        compilation.generatedSourceFile("test.SomaNet").orElseThrow().getCharContent(true).toString();
    Matcher flag = FLAG.matcher(generated);
    assertTrue(flag.find(), "the generated class decides INT8_COLUMNS when it loads");

    SplittableRandom random = new SplittableRandom(11);
    float[][] weights = {values(random, HIDDEN * IN, 1), values(random, OUT * HIDDEN, 0.5)};
    float[][] biases = {values(random, HIDDEN, 0.1), values(random, OUT, 0.1)};
    Object onThisJvm = new CompiledClasses(compilation).create("test.SomaNet", types(), weights, biases);
    Object bytes = forced(generated, flag, true).create("test.SomaNet", types(), weights, biases);
    Object floats = forced(generated, flag, false).create("test.SomaNet", types(), weights, biases);

    for (int n = 0; n < 50; n++) {
      float[] x = values(random, IN, 2);
      for (int j = n % 3; j < IN; j += 3) {
        x[j] = 0; // a third of the inputs zero: ReLU outputs and plain zeros both skip
      }
      float[] expected = reference(weights, biases, x);
      assertArrayEquals(expected, apply(bytes, x), "byte columns, input " + n);
      assertArrayEquals(expected, apply(floats, x), "float columns, input " + n);
      assertArrayEquals(expected, apply(onThisJvm, x), "this JVM's choice, input " + n);
    }
  }

  @Test
  void floatColumnsHoldTheInt8Values() {
    byte[][] columns = {{-127, 0, 5}, {127, -1}};
    float[][] floats = Quantization.floatColumns(columns);
    assertArrayEquals(new float[] {-127f, 0f, 5f}, floats[0]);
    assertArrayEquals(new float[] {127f, -1f}, floats[1]);
    assertEquals(Runtime.version().feature() >= 25, Quantization.int8LoopsVectorise());
  }

  /** The network compiled again from its generated source with {@code INT8_COLUMNS = value}. */
  private static CompiledClasses forced(String generated, Matcher flag, boolean value) throws IOException {
    String source = generated.substring(0, flag.start()) + flag.group(1) + value + ";" + generated.substring(flag.end());
    Compilation compilation =
        javac()
            .withOptions("-proc:none", "-Xlint:all", "-Werror")
            .compile(SOURCE.inMemory(), JavaFileObjects.forSourceString("test.SomaNet", source));
    assertThat(compilation).succeeded();
    return new CompiledClasses(compilation);
  }

  /** Quantized as the constructor does, then summed in float in input order from zero, scaled, biased. */
  private static float[] reference(float[][] weights, float[][] biases, float[] x) {
    int[] sizes = {IN, HIDDEN, OUT};
    float[] input = x;
    for (int l = 0; l < 2; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] scales = Quantization.int8Scales(weights[l], out, in);
      byte[] q = Quantization.int8(weights[l], out, in, scales);
      float[] output = new float[out];
      for (int i = 0; i < out; i++) {
        float acc = 0f;
        for (int j = 0; j < in; j++) {
          acc += (float) q[i * in + j] * input[j];
        }
        float y = biases[l][i] + scales[i] * acc;
        output[i] = l == 0 ? Math.max(0f, y) : y;
      }
      input = output;
    }
    return input;
  }

  private static float[] apply(Object network, float[] x) throws Exception {
    Method apply = network.getClass().getMethod("apply", float[].class);
    return (float[]) apply.invoke(network, (Object) x.clone());
  }

  private static Class<?>[] types() {
    return new Class<?>[] {float[][].class, float[][].class};
  }

  private static float[] values(SplittableRandom random, int n, double bound) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble(-bound, bound);
    }
    return values;
  }
}
