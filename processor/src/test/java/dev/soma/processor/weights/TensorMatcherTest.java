package dev.soma.processor.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.SafeTensors;
import dev.soma.io.Tensor;
import dev.soma.processor.weights.TensorMatcher.DeclaredLayer;
import dev.soma.processor.weights.TensorMatcher.Diagnostic;
import dev.soma.processor.weights.TensorMatcher.Result;
import dev.soma.processor.weights.testing.SafeTensorsBytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic.Kind;
import org.junit.jupiter.api.Test;

class TensorMatcherTest {
  static final String FILE = "model.safetensors";

  /** Tensors named and shaped as given, each filled with 1, 2, 3, ... */
  static Map<String, Tensor> tensors(Object... nameThenShape) {
    Map<String, Tensor> map = new LinkedHashMap<>();
    for (int k = 0; k < nameThenShape.length; k += 2) {
      String name = (String) nameThenShape[k];
      int[] shape = (int[]) nameThenShape[k + 1];
      int count = 1;
      for (int dim : shape) {
        count *= dim;
      }
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = i + 1;
      }
      map.put(name, Tensor.ofFloats(name, shape, values));
    }
    return map;
  }

  static int[] shape(int... dims) {
    return dims;
  }

  static DeclaredLayer dense(int in, int out) {
    return new DeclaredLayer("", in, out);
  }

  static DeclaredLayer dense(String name, int in, int out) {
    return new DeclaredLayer(name, in, out);
  }

  /** The texts of the diagnostics of {@code kind}, as the user sees them. */
  static List<String> messages(Result result, Kind kind) {
    List<String> out = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      if (d.problem().kind() == kind) {
        out.add(d.problem().text());
      }
    }
    return out;
  }

  static void assertOnly(List<String> messages, String... parts) {
    assertEquals(1, messages.size(), messages::toString);
    for (String part : parts) {
      assertTrue(
          messages.get(0).contains(part),
          () -> "\"" + messages.get(0) + "\" lacks \"" + part + "\"");
    }
  }

  @Test
  void namedLayersTakeTheirWeightAndBias() {
    Map<String, Tensor> file =
        tensors(
            "fc1.weight",
            shape(2, 3),
            "fc1.bias",
            shape(2),
            "fc2.weight",
            shape(1, 2),
            "fc2.bias",
            shape(1));
    Result result =
        TensorMatcher.match(List.of(dense("fc1", 3, 2), dense("fc2", 2, 1)), FILE, file);
    assertEquals(List.of(), result.diagnostics());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, result.layers().get(0).weights());
    assertArrayEquals(new double[] {1, 2}, result.layers().get(0).bias());
    assertEquals("fc2.weight", result.layers().get(1).weightTensor());
    assertArrayEquals(new double[] {1}, result.layers().get(1).bias());
  }

  @Test
  void unnamedLayersTakePrefixesInNumericNotLexicographicOrder() {
    // Lexicographic order would be 0, 10, 2; nn.Sequential means 0, 2, 10.
    Map<String, Tensor> file =
        tensors(
            "10.weight",
            shape(1, 5),
            "10.bias",
            shape(1),
            "2.weight",
            shape(5, 4),
            "2.bias",
            shape(5),
            "0.weight",
            shape(4, 3),
            "0.bias",
            shape(4));
    Result result = TensorMatcher.match(List.of(dense(3, 4), dense(4, 5), dense(5, 1)), FILE, file);
    assertEquals(List.of(), result.diagnostics());
    assertEquals(
        List.of("0.weight", "2.weight", "10.weight"),
        result.layers().stream().map(TensorMatcher.MatchedLayer::weightTensor).toList());
  }

  @Test
  void naturalOrderComparesDigitRunsAsNumbers() {
    List<String> prefixes =
        new ArrayList<>(List.of("net.10", "net.2", "net.0", "head", "net.02b", "net.1"));
    prefixes.sort(TensorMatcher.NATURAL_ORDER);
    assertEquals(List.of("head", "net.0", "net.1", "net.2", "net.02b", "net.10"), prefixes);
  }

  @Test
  void batchNormTensorsAreNotDenseLayersAndAreReportedUnused() {
    Map<String, Tensor> file =
        tensors(
            "0.weight",
            shape(4, 3),
            "0.bias",
            shape(4),
            "1.weight",
            shape(4),
            "1.bias",
            shape(4),
            "1.running_mean",
            shape(4),
            "3.weight",
            shape(1, 4),
            "3.bias",
            shape(1));
    Result result = TensorMatcher.match(List.of(dense(3, 4), dense(4, 1)), FILE, file);
    assertFalse(result.hasErrors());
    assertEquals("3.weight", result.layers().get(1).weightTensor());
    List<String> warnings = messages(result, Kind.WARNING);
    assertEquals(3, warnings.size(), warnings::toString);
    assertTrue(
        warnings
            .get(0)
            .contains("model.safetensors: tensor '1.weight' [4] is not used by any layer"),
        warnings::toString);
  }

  @Test
  void namedAndUnnamedLayersMix() {
    Map<String, Tensor> file =
        tensors(
            "head.weight",
            shape(1, 4),
            "head.bias",
            shape(1),
            "0.weight",
            shape(4, 3),
            "0.bias",
            shape(4));
    Result result = TensorMatcher.match(List.of(dense(3, 4), dense("head", 4, 1)), FILE, file);
    assertEquals(List.of(), result.diagnostics());
    assertEquals("0.weight", result.layers().get(0).weightTensor());
  }

  @Test
  void missingWeightIsAnErrorNamingFileTensorAndShape() {
    Result result =
        TensorMatcher.match(List.of(dense("fc2", 3, 2)), FILE, tensors("fc1.weight", shape(2, 3)));
    assertTrue(result.hasErrors());
    assertOnly(
        messages(result, Kind.ERROR),
        "model.safetensors: layer 1 (@Dense(in = 3, out = 2, name = \"fc2\"))",
        "needs tensor 'fc2.weight' with shape [2, 3], which the file lacks; it has [fc1.weight]");
    assertNull(result.layers().get(0).weights());
  }

  @Test
  void transposedWeightIsAnErrorWithExpectedVersusFound() {
    Result result =
        TensorMatcher.match(
            List.of(dense("fc1", 3, 2)),
            FILE,
            tensors("fc1.weight", shape(3, 2), "fc1.bias", shape(2)));
    assertOnly(
        messages(result, Kind.ERROR),
        "model.safetensors: layer 1",
        "tensor 'fc1.weight' has shape [3, 2]; expected [2, 3] (the transpose");
  }

  @Test
  void wrongBiasShapeIsAnError() {
    Result result =
        TensorMatcher.match(
            List.of(dense("fc1", 3, 2)),
            FILE,
            tensors("fc1.weight", shape(2, 3), "fc1.bias", shape(3)));
    assertOnly(messages(result, Kind.ERROR), "tensor 'fc1.bias' has shape [3]; expected [2]");
  }

  @Test
  void integerDtypeIsAnError() throws Exception {
    byte[] bytes =
        SafeTensorsBytes.file(
            "{\"fc1.weight\":{\"dtype\":\"I64\",\"shape\":[2,3],\"data_offsets\":[0,48]}}",
            new byte[48]);
    Result result =
        TensorMatcher.match(List.of(dense("fc1", 3, 2)), FILE, SafeTensors.read(bytes).tensors());
    assertOnly(
        messages(result, Kind.ERROR),
        "tensor 'fc1.weight' has dtype I64; expected F32, F64, F16 or BF16");
  }

  @Test
  void zeroSizedTensorIsRejected() {
    Result result =
        TensorMatcher.match(List.of(dense("fc1", 3, 2)), FILE, tensors("fc1.weight", shape(0, 3)));
    assertTrue(
        messages(result, Kind.ERROR)
            .get(0)
            .contains("has shape [0, 3]; expected [2, 3] (an empty tensor"));
  }

  @Test
  void missingBiasIsAWarningAndZeros() {
    Result result =
        TensorMatcher.match(List.of(dense("fc1", 3, 2)), FILE, tensors("fc1.weight", shape(2, 3)));
    assertFalse(result.hasErrors());
    assertOnly(
        messages(result, Kind.WARNING), "'fc1.bias' with shape [2]", "using zero biases");
    assertArrayEquals(new double[] {0, 0}, result.layers().get(0).bias());
  }

  @Test
  void nanWeightsAreAWarning() {
    Map<String, Tensor> file = new LinkedHashMap<>();
    file.put(
        "fc1.weight",
        Tensor.ofFloats(
            "fc1.weight", shape(1, 3), new float[] {1, Float.NaN, Float.POSITIVE_INFINITY}));
    file.put("fc1.bias", Tensor.ofFloats("fc1.bias", shape(1), new float[] {0}));
    Result result = TensorMatcher.match(List.of(dense("fc1", 3, 1)), FILE, file);
    assertFalse(result.hasErrors());
    assertOnly(
        messages(result, Kind.WARNING),
        "tensor 'fc1.weight' holds NaN at index 1 and 1 more non-finite values");
  }

  @Test
  void unnamedLayerCountMismatchIsAnError() {
    Map<String, Tensor> file = tensors("0.weight", shape(4, 3), "0.bias", shape(4));
    Result result = TensorMatcher.match(List.of(dense(3, 4), dense(4, 1)), FILE, file);
    assertOnly(
        messages(result, Kind.ERROR),
        "weight file model.safetensors: layers without a name: 2, unclaimed weight matrices in the"
            + " file: 1 [0.weight [4, 3]]; name the layers (@Dense(name = ...)) or make the counts"
            + " equal");
  }

  @Test
  void unusedTensorsAreWarnings() {
    Map<String, Tensor> file =
        tensors("fc1.weight", shape(2, 3), "fc1.bias", shape(2), "extra", shape(5));
    Result result = TensorMatcher.match(List.of(dense("fc1", 3, 2)), FILE, file);
    assertFalse(result.hasErrors());
    assertOnly(messages(result, Kind.WARNING), "tensor 'extra' [5] is not used by any layer");
  }
}
