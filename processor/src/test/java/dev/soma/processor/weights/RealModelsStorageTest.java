package dev.soma.processor.weights;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import dev.soma.Storage;
import dev.soma.processor.testing.CompiledClasses;
import dev.soma.processor.testing.NetworkSource;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RealModelsConformanceTest}'s models baked with {@code @Network(storage = ...)}: every
 * output within the storage's bound of the float64 reference ({@code expected_f64.npy}), scaled by
 * {@code max(1, |ref|)} as there, and the argmax of at least 90 % of the recorded samples unchanged
 * (the corpus keeps few samples, some of them close calls). One note per layer.
 *
 * <p>The exception: ACAS Xu in INT8 keeps the argmax of only about half its 1,000 samples (502
 * measured). Its five advisory scores lie far closer together than INT8's per-row error, which
 * the compile-time notes show (output error near 1e-2 relative); its outputs still stay within the
 * bound. BF16 keeps 989 of them, F16 999.
 */
class RealModelsStorageTest {
  /** Largest scaled output difference from the float64 reference, per storage. */
  static double bound(Storage storage) {
    switch (storage) {
      case INT8:
        return 0.1; // measured up to 0.096 (the 6x200 sigmoid net)
      case BF16:
        return 2e-2; // measured up to 0.0127 (ACAS Xu)
      case F16:
        return 2e-3; // measured up to 0.00174 (dubinsrejoin)
      default:
        return RealModelsConformanceTest.TOLERANCE;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (RealModelsConformanceTest.Case model : RealModelsConformanceTest.cases()) {
      for (Storage storage : List.of(Storage.BF16, Storage.F16, Storage.INT8)) {
        cases.add(Arguments.of(model, storage));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void storedModelsStayNearTheReference(RealModelsConformanceTest.Case model, Storage storage) throws Exception {
    Path folder = RealModelsConformanceTest.CORPUS.resolve(model.folder());
    assumeTrue(Files.isDirectory(folder), "real-model corpus not found at " + folder);
    double[][] inputs = RealModelsConformanceTest.rows(RealModelsConformanceTest.read(folder.resolve("input.npy")));
    double[][] expected64 =
        RealModelsConformanceTest.rows(RealModelsConformanceTest.read(folder.resolve("expected_f64.npy")));
    String[] lines = new String[model.declaration().size() + 2];
    lines[0] = "@Network(weights = \"" + model.file() + "\", storage = Storage." + storage + ")";
    for (int k = 0; k < model.declaration().size(); k++) {
      lines[k + 1] = model.declaration().get(k);
    }
    lines[lines.length - 1] = "interface Net { float[] apply(float[] x); int predict(float[] x); }";
    Compilation compilation = NetworkSource.of(lines).compileWithJavac("-Asoma.weights.dir=" + folder, "-Werror");
    assertThat(compilation).succeeded();
    long storageNotes =
        compilation.notes().stream()
            .filter(d -> d.getMessage(Locale.ROOT).startsWith("@Network(storage = " + storage + ")"))
            .count();
    Object network = new CompiledClasses(compilation).create("test.SomaNet", new Class<?>[0]);
    Method apply = network.getClass().getMethod("apply", float[].class);
    Method predict = network.getClass().getMethod("predict", float[].class);
    double worst = 0;
    int agree = 0;
    for (int n = 0; n < inputs.length; n++) {
      float[] input = RealModelsConformanceTest.floats(inputs[n]);
      float[] got = (float[]) apply.invoke(network, (Object) input);
      assertEquals(expected64[n].length, got.length);
      for (int i = 0; i < got.length; i++) {
        worst = Math.max(worst, Math.abs(got[i] - expected64[n][i]) / Math.max(1, Math.abs(expected64[n][i])));
      }
      agree += RealModelsConformanceTest.argmax(expected64[n]) == (int) predict.invoke(network, (Object) input) ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "%s %s: %d samples, largest scaled difference %.3g, argmax agreement %d/%d, %d notes%n",
        model, storage, inputs.length, worst, agree, inputs.length, storageNotes);
    assertTrue(storageNotes > 0, "a note per layer");
    assertTrue(worst <= bound(storage), model + " " + storage + ": scaled difference " + worst);
    boolean closeCalls = storage == Storage.INT8 && model.folder().startsWith("acasxu");
    assertTrue(agree >= (closeCalls ? 0.45 : 0.9) * inputs.length, model + " " + storage + ": argmax agreement " + agree + "/" + inputs.length);
  }
}
