package dev.soma.processor.generate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.soma.processor.testing.NetworkSource.line;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Network(trainable = true)}: the trainer is a class of its own, {@code Soma<Name>Trainer},
 * generated only on request; the model class holds no training code either way; baked weights and
 * a trainer exclude each other.
 */
class TrainerClassTest {
  @TempDir Path directory;

  /** One linear neuron in double, y = w x + b, so every gradient is a line of arithmetic. */
  private static NetworkSource neuron(String network) {
    return NetworkSource.of(network, "@Dense(in = 1, out = 1)", "interface Net { double[] f(double[] x); }");
  }

  @Test
  void theTrainerClassIsGeneratedOnlyOnRequest() {
    Compilation plain = neuron("@Network").compileWithJavac("-Werror");
    assertThat(plain).succeededWithoutWarnings();
    assertThat(plain.generatedSourceFile("test.SomaNet")).isPresent();
    assertThat(plain.generatedSourceFile("test.SomaNetTrainer")).isEmpty();

    Compilation trainable = neuron("@Network(trainable = true)").compileWithJavac("-Werror");
    assertThat(trainable).succeededWithoutWarnings();
    assertThat(trainable.generatedSourceFile("test.SomaNetTrainer")).isPresent();
    assertThat(new CompiledClasses(trainable).has("test/SomaNetTrainer.class")).isTrue();
  }

  @Test
  void theModelClassIsTheSameWithOrWithoutATrainer() throws Exception {
    Compilation plain = neuron("@Network").compileWithJavac();
    Compilation trainable = neuron("@Network(trainable = true)").compileWithJavac();
    String model = source(trainable, "test.SomaNet");
    assertThat(model).isEqualTo(source(plain, "test.SomaNet"));
    assertThat(model).doesNotContain("Trainer");
    assertThat(model).doesNotContain("Training");

    Class<?> type = new CompiledClasses(trainable).loadClass("test.SomaNet");
    assertThat(type.getDeclaredClasses()).isEmpty();
    assertThat(Arrays.stream(type.getDeclaredMethods()).map(Method::getName).collect(Collectors.toList())).doesNotContain("trainer");
    assertThat(Arrays.stream(type.getDeclaredFields()).map(Field::getName).collect(Collectors.toList())).doesNotContain("trainer");
  }

  @Test
  void aNestedInterfaceGetsTheModelNameWithTrainer() {
    Compilation compilation =
        NetworkSource.of(
                "interface Net {",
                "  @Network(trainable = true)",
                "  @Dense(in = 2, out = 1) @Activation(SIGMOID)",
                "  interface Inner { float f(float a, float b); }",
                "}")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFile("test.SomaNet_Inner")).isPresent();
    assertThat(compilation.generatedSourceFile("test.SomaNet_InnerTrainer")).isPresent();
  }

  /**
   * w = 2, b = 1, x = 3, target 5: y = 7, MSE (y - t)^2 = 4, dL/dy = 2 (y - t) = 4, so dL/dw = 4 x
   * = 12 and dL/db = 4; one SGD step with rate 0.1 gives w = 2 - 1.2 = 0.8, b = 1 - 0.4 = 0.6.
   */
  @Test
  void theTrainerWorksThroughTheModelsPublicApi() throws Exception {
    CompiledClasses classes = new CompiledClasses(neuron("@Network(trainable = true)").compileWithJavac());
    Class<?> model = classes.loadClass("test.SomaNet");
    Object start = model.getConstructor(double[][].class, double[][].class).newInstance(new double[][] {{2}}, new double[][] {{1}});
    TrainingOptions options = TrainingOptions.of(Loss.MSE).optimizer(Optimizer.sgd(0.1)).epochs(1).batchSize(1).seed(7);
    Class<?> trainerClass = classes.loadClass("test.SomaNetTrainer");
    Object trainer = trainerClass.getConstructor(TrainingOptions.class, model).newInstance(options, start);

    double loss = (double) call(trainer, "computeGradients", new Class<?>[] {double[][].class, double[][].class}, new double[][] {{3}}, new double[][] {{5}});
    assertEquals(4.0, loss);
    assertArrayEquals(new double[][] {{12}}, (double[][]) call(trainer, "weightGradients", new Class<?>[0]));
    assertArrayEquals(new double[][] {{4}}, (double[][]) call(trainer, "biasGradients", new Class<?>[0]));

    Object trained = call(trainer, "fit", new Class<?>[] {double[][].class, double[][].class}, new double[][] {{3}}, new double[][] {{5}});
    assertThat(trained.getClass()).isEqualTo(model);
    assertEquals(0.8, ((double[][]) call(trained, "weights", new Class<?>[0]))[0][0], 1e-12);
    assertEquals(0.6, ((double[][]) call(trained, "biases", new Class<?>[0]))[0][0], 1e-12);

    Object fromSeed = trainerClass.getConstructor(TrainingOptions.class).newInstance(options);
    Object random = model.getMethod("random", long.class).invoke(null, 7L);
    assertArrayEquals(
        (double[][]) call(random, "weights", new Class<?>[0]),
        (double[][]) call(call(fromSeed, "model", new Class<?>[0]), "weights", new Class<?>[0]));
  }

  @Test
  void inlineWeightsAndTrainableAreAnError() {
    NetworkSource source =
        NetworkSource.of(
            "@Network(",
            "    trainable = true)",
            "@Dense(in = 1, out = 1, weights = {2}, bias = {1})",
            "interface Net { float[] f(float[] x); }");
    Compilation compilation = source.compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "@Network(trainable = true) on Net asks for a trainer, but the weights are baked in at"
                + " compile time (inline weights on its @Dense layers) and training cannot change"
                + " them; remove trainable = true, or remove the baked weights and give them at run"
                + " time (new Soma<Name>(weights, biases) or load(...))")
        .inFile(source.inMemory())
        .onLine(line(2));
  }

  @Test
  void aWeightFileAndTrainableAreAnError() throws IOException {
    SafeTensors.of(
            List.of(
                Tensor.ofFloats("0.weight", new int[] {1, 1}, new float[] {2}),
                Tensor.ofFloats("0.bias", new int[] {1}, new float[] {1})))
        .write(directory.resolve("neuron.safetensors"));
    NetworkSource source =
        NetworkSource.of(
            "@Network(",
            "    weights = \"neuron.safetensors\",",
            "    trainable = true)",
            "@Dense(in = 1, out = 1)",
            "interface Net { float[] f(float[] x); }");
    Compilation compilation = source.compileWithJavac("-Asoma.weights.dir=" + directory);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "@Network(trainable = true) on Net asks for a trainer, but the weights are baked in at"
                + " compile time (@Network(weights = \"neuron.safetensors\")) and training cannot")
        .inFile(source.inMemory())
        .onLine(line(3));
  }

  private static String source(Compilation compilation, String name) throws IOException {
    return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
  }

  /** A trainer is not thread-safe: a second fit while one runs fails fast and leaves the first intact. */
  @Test
  void aSecondFitWhileOneRunsFailsFast() throws Exception {
    CompiledClasses classes = new CompiledClasses(neuron("@Network(trainable = true)").compileWithJavac());
    Class<?> model = classes.loadClass("test.SomaNet");
    Object start = model.getConstructor(double[][].class, double[][].class).newInstance(new double[][] {{2}}, new double[][] {{1}});
    Object[] trainer = new Object[1];
    Throwable[] second = new Throwable[1];
    Class<?>[] fit = {double[][].class, double[][].class};
    TrainingOptions options =
        TrainingOptions.of(Loss.MSE)
            .optimizer(Optimizer.sgd(0.1))
            .epochs(1)
            .batchSize(1)
            .seed(7)
            .progress(
                report -> {
                  try {
                    call(trainer[0], "fit", fit, new double[][] {{3}}, new double[][] {{5}});
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    second[0] = e.getCause();
                  } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                  }
                });
    trainer[0] = classes.loadClass("test.SomaNetTrainer").getConstructor(TrainingOptions.class, model).newInstance(options, start);
    Object trained = call(trainer[0], "fit", fit, new double[][] {{3}}, new double[][] {{5}});
    assertThat(second[0]).isInstanceOf(IllegalStateException.class);
    assertThat(second[0]).hasMessageThat().contains("SomaNetTrainer is already fitting on another thread");
    // the first fit finished as if alone: one SGD step from w = 2, b = 1 on (3, 5)
    assertEquals(0.8, ((double[][]) call(trained, "weights", new Class<?>[0]))[0][0], 1e-12);
  }

  /**
   * 130 layers set up in helper methods (the constructor alone would pass 64 KB near 600): every
   * layer is wired. A chain of 130 linear 1-1 layers with weights 1 and biases 0 maps x = 1 to
   * y = 1; with target 0 the squared error is 1 and dL/dy = 2, so every weight and bias gradient is 2.
   */
  @Test
  void aDeepTrainerSetsUpEveryLayer() throws Exception {
    int depth = 130;
    String layers = String.join(" ", java.util.Collections.nCopies(depth, "@Dense(in = 1, out = 1)"));
    Compilation compilation =
        NetworkSource.of(
                "@SuppressWarnings(\"soma\") @Network(trainable = true) " + layers,
                "interface Net { double[] f(double[] x); }")
            .compileWithJavac("-Werror");
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(source(compilation, "test.SomaNetTrainer")).contains("private void initLayers129(");
    CompiledClasses classes = new CompiledClasses(compilation);
    Class<?> model = classes.loadClass("test.SomaNet");
    double[][] ones = new double[depth][];
    double[][] zeros = new double[depth][];
    for (int l = 0; l < depth; l++) {
      ones[l] = new double[] {1};
      zeros[l] = new double[] {0};
    }
    Object start = model.getConstructor(double[][].class, double[][].class).newInstance(ones, zeros);
    TrainingOptions options = TrainingOptions.of(Loss.MSE).optimizer(Optimizer.sgd(0.1)).epochs(1).batchSize(1).seed(7);
    Object trainer = classes.loadClass("test.SomaNetTrainer").getConstructor(TrainingOptions.class, model).newInstance(options, start);
    double loss = (double) call(trainer, "computeGradients", new Class<?>[] {double[][].class, double[][].class}, new double[][] {{1}}, new double[][] {{0}});
    assertEquals(1.0, loss);
    double[][] expected = new double[depth][];
    for (int l = 0; l < depth; l++) {
      expected[l] = new double[] {2};
    }
    assertArrayEquals(expected, (double[][]) call(trainer, "weightGradients", new Class<?>[0]));
    assertArrayEquals(expected, (double[][]) call(trainer, "biasGradients", new Class<?>[0]));
  }

  private static Object call(Object target, String method, Class<?>[] types, Object... arguments) throws ReflectiveOperationException {
    return target.getClass().getMethod(method, types).invoke(target, arguments);
  }
}
