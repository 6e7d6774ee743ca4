package dev.soma.processor.weights;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import dev.soma.io.Tensor;
import io.jhdf.HdfFile;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance on real models other people trained and published: the corpus in {@code
 * ../shared/models/} beside the repository (see its README; the files are never copied into the
 * repository). Each model is baked by javac with the Soma processor from its original file and run
 * on its recorded inputs; every output must lie within {@code |got - ref| / max(1, |ref_f64|) <=
 * 2e-5} of the independent reference ({@code expected.npy}: ONNX Runtime or Keras) and of the
 * float64 forward pass ({@code expected_f64.npy}), and give the same argmax.
 */
class RealModelsConformanceTest {
  static final double TOLERANCE = 2e-5;

  /** The corpus folder: {@code ../shared/models} relative to the repository root. */
  static final Path CORPUS = corpus();

  private static Path corpus() {
    Path here = Path.of("").toAbsolutePath();
    // Maven runs the tests in processor/; the repository root is its parent.
    Path root = Files.exists(here.resolve("processor")) ? here : here.getParent();
    return root.resolveSibling("shared").resolve("models").normalize();
  }

  /**
   * One model of the corpus: its folder, the weight file the declaration names, the lines declaring
   * the network (no {@code @Dense} for a graph that defines it), and the start of the note that
   * states a folding ("" when nothing is folded).
   */
  record Case(String folder, String file, List<String> declaration, String note) {
    @Override
    public String toString() {
      return folder + "/" + file;
    }
  }

  static List<Case> cases() {
    return List.of(
        graph("vnncomp_mnist_net_256x2", "mnist-net_256x2.onnx"),
        new Case(
            "vnncomp_ffnnSIGMOID_Point_6x200",
            "ffnnSIGMOID__Point_6x200.onnx",
            List.of(),
            "weight file ffnnSIGMOID__Point_6x200.onnx: layer 1 (Gemm 'Gemm_5') reads"
                + " (x - 0.1307) / 0.3081, computed by Sub 'Sub_1', Div 'Div_3'"),
        new Case(
            "acasxu_run2a_1_1",
            "ACASXU_run2a_1_1_batch_2000.onnx",
            List.of(),
            "weight file ACASXU_run2a_1_1_batch_2000.onnx: layer 1 (MatMul 'Operation_1_MatMul')"
                + " reads (x - 'input_AvgImg' [1, 1, 1, 5]), computed by Sub 'input_Sub'"),
        graph("vnncomp2022_dubinsrejoin", "dubinsrejoin.onnx"),
        graph("vnncomp2022_cartpole", "cartpole.onnx"),
        new Case("keras_mnist_mlp_dl4j", "mnist_mlp_tf_keras_2_weights.h5", KERAS_NAMED, ""),
        new Case("keras_mnist_mlp_dl4j", "mnist_mlp_tf_keras_2_weights.h5", KERAS_IN_ORDER, ""),
        new Case("keras_mnist_mlp_dl4j", "mnist_mlp_keras2.safetensors", KERAS_NAMED, ""),
        // The converted files, with the input normalisation folded by their converter: the same
        // outputs as the ONNX originals that Soma folds itself.
        new Case(
            "vnncomp_ffnnSIGMOID_Point_6x200",
            "ffnnSIGMOID_6x200_normalisation_folded.npz",
            dense(784, 200, 200, 200, 200, 200, 200, 10, "SIGMOID"),
            ""),
        new Case(
            "acasxu_run2a_1_1",
            "ACASXU_run2a_1_1.npz",
            dense(5, 50, 50, 50, 50, 50, 50, 5, "RELU"),
            ""));
  }

  /**
   * Unnamed dense layers of the given sizes (the last argument names the activation of every
   * layer but the last, which is linear).
   */
  private static List<String> dense(Object... sizesThenActivation) {
    List<String> lines = new ArrayList<>();
    int layers = sizesThenActivation.length - 2;
    for (int l = 0; l < layers; l++) {
      lines.add(
          "@Dense(in = "
              + sizesThenActivation[l]
              + ", out = "
              + sizesThenActivation[l + 1]
              + ")"
              + (l < layers - 1 ? " @Activation(" + sizesThenActivation[layers + 1] + ")" : ""));
    }
    return lines;
  }

  /** The Keras mnist_mlp example, its layers named as in the file. */
  static final List<String> KERAS_NAMED =
      List.of(
          "@Dense(in = 784, out = 512, name = \"dense_1\") @Activation(RELU)",
          "@Dense(in = 512, out = 512, name = \"dense_2\") @Activation(RELU)",
          "@Dense(in = 512, out = 10, name = \"dense_3\") @Activation(SOFTMAX)");

  /** The same, its layers taken in the file's order. */
  static final List<String> KERAS_IN_ORDER =
      List.of(
          "@Dense(in = 784, out = 512) @Activation(RELU)",
          "@Dense(in = 512, out = 512) @Activation(RELU)",
          "@Dense(in = 512, out = 10) @Activation(SOFTMAX)");

  /**
   * The model Keras 1.2.1 saved ({@code dense_1_W:0}, {@code dense_1_b:0}), against the
   * predictions Keras stored beside it in {@code mnist_mlp_tf_keras_1_inputs_and_outputs.h5}.
   */
  @Test
  void keras1ModelReproducesKerasPredictions() throws Exception {
    Path folder = CORPUS.resolve("keras_mnist_mlp_dl4j");
    assumeTrue(Files.isDirectory(folder), "real-model corpus not found at " + folder);
    float[][] inputs;
    float[][] predictions;
    try (HdfFile hdf = new HdfFile(folder.resolve("mnist_mlp_tf_keras_1_inputs_and_outputs.h5"))) {
      inputs = (float[][]) hdf.getDatasetByPath("inputs/dense_input_1").getData();
      predictions = (float[][]) hdf.getDatasetByPath("predictions/activation_3").getData();
    }
    Object network =
        bake(folder, new Case("keras_mnist_mlp_dl4j", "mnist_mlp_tf_keras_1_weights.h5", KERAS_IN_ORDER, ""));
    Method apply = network.getClass().getMethod("apply", float[].class);
    Method predict = network.getClass().getMethod("predict", float[].class);
    double worst = 0;
    for (int n = 0; n < inputs.length; n++) {
      float[] got = (float[]) apply.invoke(network, (Object) inputs[n]);
      assertEquals(10, got.length);
      for (int i = 0; i < got.length; i++) {
        worst = Math.max(worst, Math.abs(got[i] - predictions[n][i]) / Math.max(1, Math.abs(predictions[n][i])));
      }
      double[] expected = new double[10];
      for (int i = 0; i < 10; i++) {
        expected[i] = predictions[n][i];
      }
      assertEquals(argmax(expected), (int) predict.invoke(network, (Object) inputs[n]), "sample " + n);
    }
    System.out.printf("Keras 1 mnist_mlp: %d samples, largest scaled difference %.3g%n", inputs.length, worst);
    assertTrue(worst <= TOLERANCE, "scaled difference " + worst + " > " + TOLERANCE);
  }

  private static Case graph(String folder, String file) {
    return new Case(folder, file, List.of(), "");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bakesAndReproducesTheReference(Case model) throws Exception {
    Path folder = CORPUS.resolve(model.folder());
    assumeTrue(
        Files.isDirectory(folder),
        "real-model corpus not found at " + folder + " (it lives beside the repository clone as"
            + " ../shared/models); skipping " + model);
    double worst = worstScaledDifference(bake(folder, model), folder, model.toString());
    assertTrue(worst <= TOLERANCE, model + ": scaled difference " + worst + " > " + TOLERANCE);
  }

  /**
   * The largest scaled difference of {@code network}'s outputs on {@code folder}'s inputs from its
   * references; fails on a different argmax.
   */
  static double worstScaledDifference(Object network, Path folder, String model) throws Exception {
    double[][] inputs = rows(read(folder.resolve("input.npy")));
    double[][] expected = rows(read(folder.resolve("expected.npy")));
    double[][] expected64 = rows(read(folder.resolve("expected_f64.npy")));
    Method apply = network.getClass().getMethod("apply", float[].class);
    Method predict = network.getClass().getMethod("predict", float[].class);
    double worst = 0;
    for (int n = 0; n < inputs.length; n++) {
      float[] input = floats(inputs[n]);
      float[] got = (float[]) apply.invoke(network, (Object) input);
      assertEquals(expected[n].length, got.length, model + ": outputs");
      for (int i = 0; i < got.length; i++) {
        double scale = Math.max(1, Math.abs(expected64[n][i]));
        worst = Math.max(worst, Math.abs(got[i] - expected[n][i]) / scale);
        worst = Math.max(worst, Math.abs(got[i] - expected64[n][i]) / scale);
      }
      assertEquals(argmax(expected[n]), (int) predict.invoke(network, (Object) input),
          model + ": argmax of sample " + n);
    }
    System.out.printf(
        "%s: %d samples, largest scaled difference %.3g%n", model, inputs.length, worst);
    return worst;
  }

  /** Compiles the declaration against the model's folder and returns a new instance. */
  static Object bake(Path folder, Case model) throws Exception {
    String[] lines = new String[model.declaration().size() + 2];
    lines[0] = "@Network(weights = \"" + model.file() + "\")";
    for (int k = 0; k < model.declaration().size(); k++) {
      lines[k + 1] = model.declaration().get(k);
    }
    lines[lines.length - 1] = "interface Net { float[] apply(float[] x); int predict(float[] x); }";
    Compilation compilation =
        NetworkSource.of(lines).compileWithJavac("-Asoma.weights.dir=" + folder, "-Werror");
    assertThat(compilation).succeeded();
    List<String> notes =
        compilation.notes().stream().map(d -> d.getMessage(Locale.ROOT)).toList();
    if (model.note().isEmpty()) {
      assertEquals(List.of(), notes, model + ": notes");
    } else {
      assertEquals(1, notes.size(), model + ": notes " + notes);
      assertTrue(notes.get(0).startsWith(model.note()), notes.get(0));
    }
    return new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
  }

  static Tensor read(Path file) throws Exception {
    return NumpyReader.readNpy(Files.readAllBytes(file), file.getFileName().toString());
  }

  /** The tensor as {@code shape[0]} rows of the remaining elements, flattened, exactly widened. */
  static double[][] rows(Tensor tensor) {
    double[] values = tensor.toDoubleArray();
    int n = tensor.shape()[0];
    int width = values.length / n;
    double[][] rows = new double[n][];
    for (int k = 0; k < n; k++) {
      rows[k] = Arrays.copyOfRange(values, k * width, (k + 1) * width);
    }
    return rows;
  }

  /** {@code row}, which holds float32 values, as floats. */
  static float[] floats(double[] row) {
    float[] floats = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      floats[j] = (float) row[j];
    }
    return floats;
  }

  static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
