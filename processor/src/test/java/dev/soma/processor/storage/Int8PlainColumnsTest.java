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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plain INT8 loops read float copies of the int8 columns; networks whose float weights pass 2 MiB
 * read the int8 columns on JDK 25 and later ({@code INT8_COLUMNS}) and the values two to a float
 * before. Every form, both branches forced by rewriting the flag's initialiser in the generated
 * source, gives the same bits as a float loop written here: {@code acc += (float) q * x} in input order, then {@code b + s *
 * acc}; the inputs include zeros, values whose division by 512 rounds (below 2^-117) and very large
 * ones.
 */
class Int8PlainColumnsTest {
  private static final int OUT = 6;
  private static final Pattern FLAG =
      Pattern.compile("(boolean INT8_COLUMNS\\s*=\\s*)[\\w.]*Quantization\\.int8LoopsVectorise\\(\\);");

  /** A small network (float copies) and one of 2.1 MB of float weights (bytes or pairs), odd sizes. */
  @ParameterizedTest
  @CsvSource({"37, 21, false", "1025, 513, true"})
  void everyFormGivesTheSameBitsAsAFloatLoop(int in, int hidden, boolean compact) throws Exception {
    NetworkSource source =
        NetworkSource.of(
            "@Network(storage = Storage.INT8)",
            "@Dense(in = " + in + ", out = " + hidden + ") @Activation(RELU)",
            "@Dense(in = " + hidden + ", out = " + OUT + ")",
            "interface Net { float[] apply(float[] x); }");
    Compilation compilation = source.compileWithJavac("-Werror");
    assertThat(compilation).succeeded();
    String generated =
        compilation.generatedSourceFile("test.SomaNet").orElseThrow().getCharContent(true).toString();
    Matcher flag = FLAG.matcher(generated);
    assertEquals(compact, flag.find(), "a compact network decides INT8_COLUMNS when it loads");
    String copies = compact ? "pairedColumns" : "floatColumns";
    assertTrue(generated.contains("Quantization." + copies + "("), "the constructor makes " + copies);

    int[] sizes = {in, hidden, OUT};
    SplittableRandom random = new SplittableRandom(11);
    float[][] weights = {values(random, hidden * in, 1), values(random, OUT * hidden, 0.5)};
    float[][] biases = {values(random, hidden, 0.1), values(random, OUT, 0.1)};
    float[][] noBiases = {new float[hidden], new float[OUT]};
    List<CompiledClasses> forms = new ArrayList<>(List.of(new CompiledClasses(compilation)));
    List<String> names = new ArrayList<>(List.of("this JVM's choice"));
    if (compact) {
      forms.add(forced(source, generated, flag, true));
      names.add("byte columns");
      forms.add(forced(source, generated, flag, false));
      names.add("paired columns");
    }

    List<float[]> inputs = new ArrayList<>();
    for (int n = 0; n < 30; n++) {
      float[] x = values(random, in, 2);
      for (int j = n % 3; j < in; j += 3) {
        x[j] = 0; // a third of the inputs zero: ReLU outputs and plain zeros both skip
      }
      if (n % 5 == 2) {
        x[n % in] = 0x1p100f * (n % 2 == 0 ? 1 : -1);
      }
      inputs.add(x);
    }
    for (int j = 0; j < in; j += 1 + in / 40) {
      // one input alone, so small that x / 512 rounds: a pair's pass must divide the weights instead
      float[] x = new float[in];
      x[j] = (j % 2 == 0 ? 1 : -1) * 0x1.fffffep-120f;
      inputs.add(x);
    }
    for (float[][] b : List.of(biases, noBiases)) {
      List<Object> networks = new ArrayList<>();
      for (CompiledClasses form : forms) {
        networks.add(form.create("test.SomaNet", types(), weights, b));
      }
      for (int n = 0; n < inputs.size(); n++) {
        float[] x = inputs.get(n);
        float[] expected = reference(sizes, weights, b, x);
        for (int k = 0; k < networks.size(); k++) {
          assertArrayEquals(expected, apply(networks.get(k), x), names.get(k) + ", input " + n);
        }
      }
    }
  }

  @Test
  void everyPairOfInt8ValuesComesBackExactly() {
    byte[][] columns = new byte[3][256 * 256];
    for (int k = 0; k < 256 * 256; k++) {
      columns[0][k] = (byte) k; // -128 too: imported int8 tensors may hold it
      columns[1][k] = (byte) (k >> 8);
      columns[2][k] = (byte) (k * 7);
    }
    float[][] pairs = Quantization.pairedColumns(columns);
    float[][] floats = Quantization.floatColumns(columns);
    assertEquals(2, pairs.length);
    for (int k = 0; k < 256 * 256; k++) {
      float v = pairs[0][k];
      float high = (v + Quantization.PAIR_ROUNDING) - Quantization.PAIR_ROUNDING;
      assertEquals(columns[0][k], v - high, "low value of pair " + k);
      assertEquals(columns[1][k] * 512f, high, "high value of pair " + k);
      assertEquals(columns[2][k], pairs[1][k], "the odd last column alone");
      assertEquals(columns[0][k], floats[0][k], "float copy");
    }
    assertEquals(Runtime.version().feature() >= 25, Quantization.int8LoopsVectorise());
  }

  /** The network compiled again from its generated source with {@code INT8_COLUMNS = value}. */
  private static CompiledClasses forced(NetworkSource source, String generated, Matcher flag, boolean value)
      throws IOException {
    String rewritten =
        generated.substring(0, flag.start()) + flag.group(1) + value + ";" + generated.substring(flag.end());
    Compilation compilation =
        javac()
            .withOptions("-proc:none", "-Xlint:all", "-Werror")
            .compile(source.inMemory(), JavaFileObjects.forSourceString("test.SomaNet", rewritten));
    assertThat(compilation).succeeded();
    return new CompiledClasses(compilation);
  }

  /** Quantized as the constructor does, then summed in float in input order from zero, scaled, biased. */
  private static float[] reference(int[] sizes, float[][] weights, float[][] biases, float[] x) {
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
