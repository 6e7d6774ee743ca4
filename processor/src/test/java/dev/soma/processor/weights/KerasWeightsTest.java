package dev.soma.processor.weights;

import static dev.soma.processor.weights.OnnxGraphConverterTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.io.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras HDF5 weight files, written here with jhdf's writer in the layouts Keras 1 and 2 use. */
class KerasWeightsTest {
  @TempDir Path directory;

  /** A file written by {@code content}, read back through {@link WeightFiles}. */
  private WeightFile.Tensors read(Consumer<WritableHdfFile> content) throws Exception {
    Path file = directory.resolve("model.h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      content.accept(hdf);
    }
    return (WeightFile.Tensors) WeightFiles.read(file);
  }

  private String error(Consumer<WritableHdfFile> content) {
    return assertThrows(WeightFileException.class, () -> read(content)).getMessage();
  }

  /** A Keras 2 Dense layer: group {@code name/name} with {@code kernel:0} and {@code bias:0}. */
  static void keras2Dense(WritableGroup root, String name, float[][] kernel, float[] bias) {
    WritableGroup layer = root.putGroup(name);
    layer.putAttribute("weight_names", new String[] {name + "/kernel:0", name + "/bias:0"});
    WritableGroup inner = layer.putGroup(name);
    inner.putDataset("kernel:0", kernel);
    inner.putDataset("bias:0", bias);
  }

  static final float[][] KERNEL = {{1, 2, 3}, {4, 5, 6}}; // [in = 2, out = 3]
  static final float[] BIAS = {0.5f, -1, 2};

  @Test
  void keras2DenseBecomesTheTransposedKernelAndTheBias() throws Exception {
    WeightFile.Tensors file =
        read(
            hdf -> {
              hdf.putAttribute("layer_names", new String[] {"dense_1", "dropout_1"});
              keras2Dense(hdf, "dense_1", KERNEL, BIAS);
              hdf.putGroup("dropout_1");
            });
    assertEquals(WeightFormat.KERAS_HDF5, file.format());
    assertDense1(file);
  }

  /** {@code dense_1} of {@link #KERNEL} and {@link #BIAS}, and nothing else. */
  private static void assertDense1(WeightFile.Tensors file) {
    assertEquals(List.of("dense_1.weight", "dense_1.bias"), List.copyOf(file.tensors().keySet()));
    Tensor weight = file.tensors().get("dense_1.weight");
    assertArrayEquals(new int[] {3, 2}, weight.shape());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, weight.toDoubleArray());
    assertArrayEquals(new double[] {0.5, -1, 2}, file.tensors().get("dense_1.bias").toDoubleArray());
  }

  @Test
  void keras1WeightNamesAndAWholeSavedModel() throws Exception {
    WeightFile.Tensors file =
        read(
            hdf -> {
              hdf.putAttribute("model_config", "{}");
              WritableGroup weights = hdf.putGroup("model_weights");
              weights.putAttribute("layer_names", new String[] {"dense_1"});
              WritableGroup layer = weights.putGroup("dense_1");
              layer.putAttribute("weight_names", new String[] {"dense_1_W:0", "dense_1_b:0"});
              layer.putDataset("dense_1_W:0", KERNEL);
              layer.putDataset("dense_1_b:0", BIAS);
            });
    assertDense1(file);
  }

  @Test
  void unnamedLayersTakeTheFileOrderNotTheNaturalOrder() throws Exception {
    WeightFile.Tensors file =
        read(
            hdf -> {
              hdf.putAttribute("layer_names", new String[] {"hidden", "dense"});
              keras2Dense(hdf, "hidden", KERNEL, BIAS);
              keras2Dense(hdf, "dense", new float[][] {{1}, {2}, {3}}, new float[] {7});
            });
    TensorMatcher.Result result =
        TensorMatcher.match(
            List.of(
                new TensorMatcher.DeclaredLayer("", 2, 3), new TensorMatcher.DeclaredLayer("", 3, 1)),
            file);
    assertFalse(result.hasErrors(), () -> result.diagnostics().toString());
    assertEquals("hidden.weight", result.layers().get(0).weightTensor());
    assertArrayEquals(new double[] {7}, result.layers().get(1).bias());
  }

  @Test
  void aConvolutionIsAnErrorNamingTheLayer() {
    String message =
        error(
            hdf -> {
              hdf.putAttribute("layer_names", new String[] {"conv2d_1"});
              WritableGroup layer = hdf.putGroup("conv2d_1");
              layer.putAttribute("weight_names", new String[] {"conv2d_1/kernel:0", "conv2d_1/bias:0"});
              WritableGroup inner = layer.putGroup("conv2d_1");
              inner.putDataset("kernel:0", new float[3][3][1][4]);
              inner.putDataset("bias:0", new float[4]);
            });
    assertEquals(
        "weight file "
            + directory.resolve("model.h5")
            + ": Keras layer 'conv2d_1' holds weights conv2d_1/kernel:0 [3, 3, 1, 4],"
            + " conv2d_1/bias:0 [4]; Soma imports Dense layers (a kernel [in, out] and a bias [out]),"
            + " not convolutions, normalisation or custom layers",
        message);
  }

  @Test
  void batchNormalizationIsAnErrorNamingTheLayer() {
    String message =
        error(
            hdf -> {
              hdf.putAttribute("layer_names", new String[] {"bn"});
              WritableGroup layer = hdf.putGroup("bn");
              String[] names = {"gamma:0", "beta:0", "moving_mean:0", "moving_variance:0"};
              layer.putAttribute("weight_names", Arrays.stream(names).map(n -> "bn/" + n).toArray(String[]::new));
              WritableGroup inner = layer.putGroup("bn");
              for (String name : names) {
                inner.putDataset(name, new float[] {1, 2});
              }
            });
    assertContains(message, "Keras layer 'bn' holds weights bn/gamma:0 [2], bn/beta:0 [2]");
  }

  @Test
  void aMissingWeightOrLayerListIsAnError() {
    assertContains(
        error(
            hdf -> {
              hdf.putAttribute("layer_names", new String[] {"dense_1"});
              WritableGroup layer = hdf.putGroup("dense_1");
              layer.putAttribute("weight_names", new String[] {"dense_1/kernel:0"});
            }),
        "Keras layer 'dense_1' lists weight 'dense_1/kernel:0', which the file lacks");
    assertContains(
        error(hdf -> hdf.putAttribute("layer_names", new String[] {"dense_9"})),
        "layer_names lists 'dense_9', but the file has no group of that name");
    assertContains(
        error(hdf -> hdf.putGroup("data").putDataset("x", new float[] {1})),
        "an HDF5 file with neither the layer_names attribute of Keras 1 and 2");
  }

  @Test
  void aTruncatedFileIsAnError() throws Exception {
    Path file = directory.resolve("whole.h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putAttribute("layer_names", new String[] {"dense_1"});
      keras2Dense(hdf, "dense_1", KERNEL, BIAS);
    }
    byte[] bytes = Files.readAllBytes(file);
    byte[] truncated = Arrays.copyOf(bytes, 600);
    assertEquals(WeightFormat.KERAS_HDF5, WeightFormat.detect(truncated));
    String message =
        assertThrows(WeightFileException.class, () -> WeightFiles.read(truncated, "cut.h5"))
            .getMessage();
    assertContains(message, "weight file cut.h5: cannot read the Keras HDF5 file: ");
    Map<String, Tensor> whole = ((WeightFile.Tensors) WeightFiles.read(bytes, "whole.h5")).tensors();
    assertEquals(2, whole.size());
  }
}
