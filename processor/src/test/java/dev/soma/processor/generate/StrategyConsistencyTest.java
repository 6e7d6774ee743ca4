package dev.soma.processor.generate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unrolled and the loop form of one network give the same bits: both add the bias first and
 * then the inputs in order, whatever number of columns the loop form adds per pass. The same
 * declaration is compiled twice, forced into each form with {@code -Asoma.codeStrategy},
 * and both classes run on the same weights and inputs.
 */
class StrategyConsistencyTest {
  private static final int INPUTS = 300;

  @ParameterizedTest
  @ValueSource(strings = {"float", "double"})
  void unrolledAndLoopFormsAgreeBitForBit(String type) throws Exception {
    NetworkSource source =
        NetworkSource.of(
            "@Network",
            // 9 inputs: two full passes of four columns and a remainder; ReLU makes zeros that
            // the loop form skips and the unrolled form multiplies.
            "@Dense(in = 9, out = 7) @Activation(RELU)",
            "@Dense(in = 7, out = 6) @Activation(TANH)",
            "@Dense(in = 6, out = 3)",
            "interface Net {",
            "  void f(" + type + "[] x, " + type + "[] y);",
            "}");
    Class<?> unrolled = compile(source, "unrolled");
    Class<?> loops = compile(source, "loops");
    assertThat(hasMethod(unrolled, "layer1")).isFalse();
    assertThat(hasMethod(loops, "layer1")).isTrue();

    Object a = unrolled.getMethod("random", long.class).invoke(null, 11L);
    Object weights = unrolled.getMethod("weights").invoke(a);
    Object biases = unrolled.getMethod("biases").invoke(a);
    Object b =
        loops.getConstructor(weights.getClass(), biases.getClass()).newInstance(weights, biases);
    boolean isFloat = type.equals("float");
    Class<?> array = isFloat ? float[].class : double[].class;
    Method fa = unrolled.getMethod("f", array, array);
    Method fb = loops.getMethod("f", array, array);
    SplittableRandom random = new SplittableRandom(12);
    for (int n = 0; n < INPUTS; n++) {
      double[] x = random.doubles(9, -2, 2).toArray();
      if (n % 3 == 0) {
        x[n % 9] = 0;
      }
      if (isFloat) {
        float[] xf = new float[9];
        for (int j = 0; j < 9; j++) {
          xf[j] = (float) x[j];
        }
        float[] ya = new float[3];
        float[] yb = new float[3];
        fa.invoke(a, xf, ya);
        fb.invoke(b, xf, yb);
        for (int i = 0; i < 3; i++) {
          assertThat(Float.floatToRawIntBits(yb[i])).isEqualTo(Float.floatToRawIntBits(ya[i]));
        }
      } else {
        double[] ya = new double[3];
        double[] yb = new double[3];
        fa.invoke(a, x, ya);
        fb.invoke(b, x, yb);
        for (int i = 0; i < 3; i++) {
          assertThat(Double.doubleToRawLongBits(yb[i]))
              .isEqualTo(Double.doubleToRawLongBits(ya[i]));
        }
      }
    }
  }

  private static boolean hasMethod(Class<?> type, String name) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Compiles {@code source} with one strategy forced and loads the generated {@code SomaNet}. */
  private static Class<?> compile(NetworkSource source, String strategy) throws Exception {
    Compilation compilation =
        source.compileWithJavac("-A" + GeneratorOptions.CODE_STRATEGY + "=" + strategy);
    assertThat(compilation).succeeded();
    return new GeneratedClasses(compilation).loadClass("test.SomaNet");
  }

  /** Loads the classes of one compilation, the runtime from the test's own class path. */
  private static final class GeneratedClasses extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    GeneratedClasses(Compilation compilation) {
      super(StrategyConsistencyTest.class.getClassLoader());
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath();
          String name =
              path.substring(path.indexOf("/test/") + 1, path.length() - 6).replace('/', '.');
          try (InputStream in = file.openInputStream()) {
            classes.put(name, in.readAllBytes());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
