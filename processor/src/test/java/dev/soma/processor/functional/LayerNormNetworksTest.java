package dev.soma.processor.functional;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.generate.GeneratorOptions;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.processor.testing.ReferenceMath;
import dev.soma.train.Loss;
import dev.soma.train.TrainingOptions;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @LayerNorm} in every forward form: against a double-precision reference written here, bit
 * for bit between the unrolled, loop and batched forms, through {@code save}/{@code load}, and with
 * inline gamma and beta checked against a hand computation.
 */
class LayerNormNetworksTest {
  /**
   * Float networks: every value within this of the double reference, scaled by {@code max(1,
   * |ref|)}. The dense layers round to float (relative 6e-8 per operation, a few dozen terms); the
   * normalisation divides by a standard deviation of order 1 and computes in double, so the error
   * stays near 1e-6.
   */
  static final double FLOAT_BOUND = 1e-5;

  static final double DOUBLE_BOUND = 1e-12;

  private static NetworkSource network(String type) {
    return NetworkSource.of(
        "@Network",
        "@Dense(in = 5, out = 7) @LayerNorm @Activation(RELU)",
        "@Dense(in = 7, out = 4) @Activation(TANH) @LayerNorm(epsilon = 1e-3, name = \"norm\")",
        "@Dense(in = 4, out = 3)",
        "interface Net {",
        "  void f(" + type + "[] x, " + type + "[] y);",
        "  void all(" + type + "[][] xs, " + type + "[][] ys);",
        "}");
  }

  private static CompiledClasses compile(NetworkSource source, String strategy) {
    Compilation compilation =
        source.compileWithJavac("-Werror", "-A" + GeneratorOptions.CODE_STRATEGY + "=" + strategy);
    assertThat(compilation).succeeded();
    return new CompiledClasses(compilation);
  }

  /** Layer sizes of {@link #network}: dense, norm, dense, norm, dense. */
  private static final int[][] SHAPES = {{5, 7}, {7, 7}, {7, 4}, {4, 4}, {4, 3}};

  private static final double[] EPSILONS = {0, 1e-5, 0, 1e-3, 0};

  /** Random weights, and gamma and beta far from 1 and 0, so a mistake in either shows. */
  private static double[][][] parameters(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][][] p = new double[2][SHAPES.length][];
    for (int l = 0; l < SHAPES.length; l++) {
      boolean norm = EPSILONS[l] > 0;
      int out = SHAPES[l][1];
      p[0][l] = random.doubles(norm ? out : out * SHAPES[l][0], norm ? 0.5 : -1, norm ? 2 : 1).toArray();
      p[1][l] = random.doubles(out, -0.5, 0.5).toArray();
    }
    return p;
  }

  /** The network in double precision, written from the definition. */
  private static double[] reference(double[][][] p, double[] x) {
    double[] h = x;
    for (int l = 0; l < SHAPES.length; l++) {
      int in = SHAPES[l][0];
      int out = SHAPES[l][1];
      double[] next = new double[out];
      if (EPSILONS[l] > 0) {
        double[] gamma = p[0][l];
        double[] beta = p[1][l];
        next = ReferenceMath.layerNorm(h, EPSILONS[l], i -> gamma[i], i -> beta[i]);
      } else {
        for (int i = 0; i < out; i++) {
          next[i] = p[1][l][i];
          for (int j = 0; j < in; j++) {
            next[i] += p[0][l][i * in + j] * h[j];
          }
        }
      }
      if (l == 1) {
        for (int i = 0; i < out; i++) {
          next[i] = Math.max(0, next[i]);
        }
      } else if (l == 2) {
        for (int i = 0; i < out; i++) {
          next[i] = Math.tanh(next[i]);
        }
      }
      h = next;
    }
    return h;
  }

  private static float[][] floats(double[][] values) {
    float[][] floats = new float[values.length][];
    for (int l = 0; l < values.length; l++) {
      floats[l] = new float[values[l].length];
      for (int k = 0; k < values[l].length; k++) {
        floats[l][k] = (float) values[l][k];
      }
    }
    return floats;
  }

  private static double[][] rounded(double[][] values) {
    float[][] f = floats(values);
    double[][] d = new double[f.length][];
    for (int l = 0; l < f.length; l++) {
      d[l] = new double[f[l].length];
      for (int k = 0; k < f[l].length; k++) {
        d[l][k] = f[l][k];
      }
    }
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"float", "double"})
  void everyFormMatchesTheReferenceAndEachOther(String type) throws Exception {
    boolean isFloat = type.equals("float");
    double[][][] p = parameters(7);
    if (isFloat) {
      p = new double[][][] {rounded(p[0]), rounded(p[1])};
    }
    Class<?> matrix = isFloat ? float[][].class : double[][].class;
    Class<?> array = isFloat ? float[].class : double[].class;
    Object w = isFloat ? floats(p[0]) : p[0];
    Object b = isFloat ? floats(p[1]) : p[1];
    Object[] nets = new Object[2];
    String[] strategies = {"unrolled", "loops"};
    for (int s = 0; s < 2; s++) {
      nets[s] = compile(network(type), strategies[s]).create("test.SomaNet", new Class<?>[] {matrix, matrix}, w, b);
    }
    SplittableRandom random = new SplittableRandom(3);
    int rows = 40;
    double worst = 0;
    Object[] batchIn = new Object[2];
    Object[][] single = new Object[2][rows];
    for (int s = 0; s < 2; s++) {
      batchIn[s] = isFloat ? new float[rows][] : new double[rows][];
    }
    for (int r = 0; r < rows; r++) {
      double[] x = random.doubles(5, -3, 3).toArray();
      if (isFloat) {
        for (int j = 0; j < 5; j++) {
          x[j] = (float) x[j];
        }
      }
      double[] expected = reference(p, x);
      for (int s = 0; s < 2; s++) {
        Object xs = isFloat ? floats(new double[][] {x})[0] : x.clone();
        Object ys = isFloat ? new float[3] : new double[3];
        nets[s].getClass().getMethod("f", array, array).invoke(nets[s], xs, ys);
        single[s][r] = ys;
        ((Object[]) batchIn[s])[r] = xs;
        for (int i = 0; i < 3; i++) {
          double got = isFloat ? ((float[]) ys)[i] : ((double[]) ys)[i];
          worst = Math.max(worst, Math.abs(got - expected[i]) / Math.max(1, Math.abs(expected[i])));
        }
      }
    }
    assertThat(worst).isAtMost(isFloat ? FLOAT_BOUND : DOUBLE_BOUND);
    assertThat(worst).isGreaterThan(0.0); // the reference is independent: float rounding shows
    for (int s = 0; s < 2; s++) {
      Object out = isFloat ? new float[rows][3] : new double[rows][3];
      nets[s].getClass().getMethod("all", matrix, matrix).invoke(nets[s], batchIn[s], out);
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < 3; i++) {
          assertEquals(bits(single[0][r], i), bits(single[s][r], i), "unrolled vs " + strategies[s]);
          assertEquals(bits(single[0][r], i), bits(((Object[]) out)[r], i), "batched " + strategies[s]);
        }
      }
    }
  }

  private static long bits(Object values, int i) {
    return values instanceof float[] f ? Float.floatToRawIntBits(f[i]) : Double.doubleToRawLongBits(((double[]) values)[i]);
  }

  @Test
  void simdFormCompilesWithTheLayerNormStep() {
    Compilation compilation =
        NetworkSource.of(
                "@Network(simd = true)",
                "@Dense(in = 5, out = 40) @LayerNorm @Activation(RELU)",
                "@Dense(in = 40, out = 3)",
                "interface Net {",
                "  void f(float[] x, float[] y);",
                "  void all(float[][] xs, float[][] ys);",
                "}")
            .compileWithJavac("--add-modules", "jdk.incubator.vector");
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("test.SomaNet")
        .contentsAsUtf8String()
        .contains("LayerNorms.apply(x, y, 40, this.w2, this.b2, 1.0E-5)");
  }

  @Test
  void randomSaveAndLoadKeepGammaAndBetaAsVectors(@TempDir Path directory) throws Exception {
    CompiledClasses classes = compile(network("float"), "loops");
    Class<?> net = classes.loadClass("test.SomaNet");
    Object a = net.getMethod("random", long.class).invoke(null, 5L);
    float[][] weights = (float[][]) net.getMethod("weights").invoke(a);
    assertThat(weights[1]).isEqualTo(new float[] {1, 1, 1, 1, 1, 1, 1});
    float[][] biases = (float[][]) net.getMethod("biases").invoke(a);
    weights[1][2] = 3;
    biases[3][1] = -2;
    Object b = net.getConstructor(float[][].class, float[][].class).newInstance(weights, biases);
    Path file = directory.resolve("net.safetensors");
    net.getMethod("save", Path.class).invoke(b, file);
    SafeTensors saved = SafeTensors.read(Files.newInputStream(file));
    assertThat(saved.tensors().get("1.weight").shape()).isEqualTo(new int[] {7});
    assertThat(saved.tensors().get("norm.weight").shape()).isEqualTo(new int[] {4});
    assertThat(saved.tensors().get("norm.bias").toFloatArray()[1]).isEqualTo(-2f);
    Object c = net.getMethod("load", Path.class).invoke(null, file);
    Method f = net.getMethod("f", float[].class, float[].class);
    float[] x = {0.5f, -1, 2, 0.25f, -0.75f};
    float[] yb = new float[3];
    float[] yc = new float[3];
    f.invoke(b, x, yb);
    f.invoke(c, x, yc);
    assertThat(yc).isEqualTo(yb);
    assertThat(((float[][]) net.getMethod("weights").invoke(c))[1][2]).isEqualTo(3f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"unrolled", "loops"})
  void inlineGammaAndBetaGiveTheHandComputedValues(String strategy) throws Exception {
    CompiledClasses classes =
        compile(
            NetworkSource.of(
                "@Network",
                "@Dense(in = 2, out = 3, weights = {1, 0, 0, 1, 1, 1}, bias = {0, 0, 0})",
                "@LayerNorm(epsilon = 0.01, gamma = {1, 2, 3}, beta = {0, 0, 1})",
                "interface Net {",
                "  double[] f(double[] x);",
                "}"),
            strategy);
    Object net = classes.create("test.SomaNet", new Class<?>[0]);
    double[] y = (double[]) net.getClass().getMethod("f", double[].class).invoke(net, new double[] {1, 2});
    // z = (1, 2, 3): mean 2, biased variance 2/3; (z - 2) / sqrt(2/3 + 0.01) = (-1, 0, 1) / 0.822598...
    double inverse = 1 / Math.sqrt(2.0 / 3 + 0.01);
    assertThat(y[0]).isWithin(1e-15).of(-inverse);
    assertThat(y[1]).isWithin(1e-15).of(0.0);
    assertThat(y[2]).isWithin(1e-15).of(3 * inverse + 1);
    assertThat(inverse).isWithin(1e-9).of(1.215661348);
  }

  /**
   * A float trainer with LayerNorm compiles without warnings and learns: the mean squared error of
   * y = sin(x0) x1 falls to under a quarter of where it starts. (The double gradient checks are in
   * the examples' GradientCheckTest.)
   */
  @Test
  void aFloatTrainerWithLayerNormLearns() throws Exception {
    Compilation compilation =
        NetworkSource.of(
                "@Network(trainable = true)",
                "@Dense(in = 2, out = 16) @LayerNorm @Activation(TANH)",
                "@Dense(in = 16, out = 16) @Activation(RELU) @LayerNorm",
                "@Dense(in = 16, out = 1)",
                "interface Net { float f(float a, float b); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    CompiledClasses classes = new CompiledClasses(compilation);
    Class<?> trainerClass = classes.loadClass("test.SomaNetTrainer");
    SplittableRandom random = new SplittableRandom(1);
    float[][] x = new float[256][];
    float[][] t = new float[256][];
    for (int k = 0; k < x.length; k++) {
      x[k] = new float[] {(float) random.nextDouble(-3, 3), (float) random.nextDouble(-1, 1)};
      t[k] = new float[] {(float) (Math.sin(x[k][0]) * x[k][1])};
    }
    Object before =
        trainerClass.getConstructor(TrainingOptions.class).newInstance(TrainingOptions.of(Loss.MSE).epochs(1));
    Method loss = trainerClass.getMethod("loss", float[][].class, float[][].class);
    double start = (double) loss.invoke(before, x, t);
    Object trainer =
        trainerClass.getConstructor(TrainingOptions.class).newInstance(TrainingOptions.of(Loss.MSE).epochs(60));
    trainerClass.getMethod("fit", float[][].class, float[][].class).invoke(trainer, x, t);
    double end = (double) loss.invoke(trainer, x, t);
    assertThat(end).isLessThan(start / 4);
  }

  /**
   * The state_dict of PyTorch's {@code Sequential(Linear(3, 4), LayerNorm(4), ReLU(), Linear(4, 2))}
   * ({@code 0.weight [4, 3]}, {@code 1.weight [4]}, {@code 3.weight [2, 4]}), baked by position, and
   * the LayerNorm's tensors found by name; the outputs match the hand-written reference.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "name = \"1\""})
  void weightFilesBindLayerNormByPositionOrName(String name, @TempDir Path directory) throws Exception {
    double[][][] p = {
      {{1, -2, 0.5, 0, 1, 1, -1, 0.25, 2, 0.5, -0.5, 1}, {1.5, 0.5, 2, 1}, {1, -1, 0.5, 2, -2, 0, 1, 1}},
      {{0.1, -0.2, 0.3, 0}, {0.25, -0.25, 0, 0.5}, {0.5, -1}}
    };
    p = new double[][][] {rounded(p[0]), rounded(p[1])}; // the file holds them as floats
    List<Tensor> tensors =
        List.of(
            Tensor.ofFloats("0.weight", new int[] {4, 3}, floats(p[0])[0]),
            Tensor.ofFloats("0.bias", new int[] {4}, floats(p[1])[0]),
            Tensor.ofFloats("1.weight", new int[] {4}, floats(p[0])[1]),
            Tensor.ofFloats("1.bias", new int[] {4}, floats(p[1])[1]),
            Tensor.ofFloats("3.weight", new int[] {2, 4}, floats(p[0])[2]),
            Tensor.ofFloats("3.bias", new int[] {2}, floats(p[1])[2]));
    SafeTensors.of(tensors).write(directory.resolve("model.safetensors"));
    Compilation compilation =
        NetworkSource.of(
                "@Network(weights = \"model.safetensors\")",
                "@Dense(in = 3, out = 4) @LayerNorm" + (name.isEmpty() ? "" : "(" + name + ")") + " @Activation(RELU)",
                "@Dense(in = 4, out = 2)",
                "interface Net { double[] f(double[] x); }")
            .compileWithJavac("-Asoma.weights.dir=" + directory, "-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    Object net = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    double[] x = {0.5, -1, 2};
    double[] y = (double[]) net.getClass().getMethod("f", double[].class).invoke(net, x);
    // the reference: dense, LayerNorm (epsilon 1e-5), ReLU, dense
    double[] z = new double[4];
    for (int i = 0; i < 4; i++) {
      z[i] = p[1][0][i] + p[0][0][3 * i] * x[0] + p[0][0][3 * i + 1] * x[1] + p[0][0][3 * i + 2] * x[2];
    }
    double mean = (z[0] + z[1] + z[2] + z[3]) / 4;
    double variance = 0;
    for (double v : z) {
      variance += (v - mean) * (v - mean) / 4;
    }
    double[] h = new double[4];
    for (int i = 0; i < 4; i++) {
      h[i] = Math.max(0, (z[i] - mean) / Math.sqrt(variance + 1e-5) * p[0][1][i] + p[1][1][i]);
    }
    for (int i = 0; i < 2; i++) {
      double expected = p[1][2][i];
      for (int j = 0; j < 4; j++) {
        expected += p[0][2][4 * i + j] * h[j];
      }
      assertThat(y[i]).isWithin(1e-12).of(expected);
    }
  }
}
