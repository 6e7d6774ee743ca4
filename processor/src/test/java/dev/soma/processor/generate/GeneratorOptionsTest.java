package dev.soma.processor.generate;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The internal {@code -Asoma.*} options: parsed, validated, and errors instead of exceptions. */
class GeneratorOptionsTest {
  private static GeneratorOptions parse(Map<String, String> options, List<GeneratorOptions.Invalid> problems) {
    return GeneratorOptions.parse(options, problems);
  }

  @Test
  void defaultsWithoutOptions() {
    List<GeneratorOptions.Invalid> problems = new ArrayList<>();
    GeneratorOptions options = parse(Map.of(), problems);
    assertThat(problems).isEmpty();
    assertEquals(GeneratorOptions.Strategy.AUTO, options.strategy());
    assertEquals(List.of(12, 3, 4), List.of(options.batchBlock(), options.batchRows(), options.batchColumns()));
  }

  @Test
  void aBatchShapeIsRead() {
    List<GeneratorOptions.Invalid> problems = new ArrayList<>();
    GeneratorOptions options = parse(Map.of(GeneratorOptions.BATCH_SHAPE, " 8, 2 ,4"), problems);
    assertThat(problems).isEmpty();
    assertEquals(List.of(8, 2, 4), List.of(options.batchBlock(), options.batchRows(), options.batchColumns()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0,3,4", "12,0,4", "12,3,0", "2,3,4", "12,3", "12,3,4,5", "a,b,c", "", "-1,3,4", "999999999999,3,4", "257,3,4", "12,17,4"})
  void aBadBatchShapeIsReportedAndTheDefaultStands(String value) {
    List<GeneratorOptions.Invalid> problems = new ArrayList<>();
    GeneratorOptions options = parse(Map.of(GeneratorOptions.BATCH_SHAPE, value), problems);
    assertThat(problems).hasSize(1);
    assertEquals(GeneratorOptions.BATCH_SHAPE, problems.get(0).option());
    assertEquals(value, problems.get(0).value());
    assertEquals(12, options.batchBlock());
  }

  @Test
  void simdTilesAreReadWideThenNarrow() {
    List<GeneratorOptions.Invalid> problems = new ArrayList<>();
    GeneratorOptions defaults = parse(Map.of(), problems);
    assertEquals(List.of(8, 3, 6, 2), List.of(defaults.simdTileRows(true), defaults.simdTileVectors(true),
        defaults.simdTileRows(false), defaults.simdTileVectors(false)));
    GeneratorOptions options = parse(Map.of(GeneratorOptions.SIMD_TILE, "4, 4,12,1"), problems);
    assertThat(problems).isEmpty();
    assertEquals(List.of(4, 4, 12, 1), List.of(options.simdTileRows(true), options.simdTileVectors(true),
        options.simdTileRows(false), options.simdTileVectors(false)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"8,3,6", "8,3,6,2,1", "0,3,6,2", "8,0,6,2", "8,5,6,2", "8,3,33,1", "a,3,6,2", ""})
  void aBadSimdTileIsReportedAndTheDefaultStands(String value) {
    List<GeneratorOptions.Invalid> problems = new ArrayList<>();
    GeneratorOptions options = parse(Map.of(GeneratorOptions.SIMD_TILE, value), problems);
    assertThat(problems).hasSize(1);
    assertEquals(GeneratorOptions.SIMD_TILE, problems.get(0).option());
    assertEquals(8, options.simdTileRows(true));
  }

  @Test
  void aBadStrategyIsReported() {
    List<GeneratorOptions.Invalid> problems = new ArrayList<>();
    parse(Map.of(GeneratorOptions.CODE_STRATEGY, "fast"), problems);
    assertThat(problems).hasSize(1);
    assertEquals("auto, unrolled or loops", problems.get(0).accepted());
  }

  @Test
  void javacReportsABadOptionAsACompileError() {
    Compilation compilation =
        NetworkSource.of("@Network", "@Dense(in = 2, out = 1)", "interface Net { float f(float a, float b); }")
            .compileWithJavac("-Asoma.batchShape=0,3,4");
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "processor option -Asoma.batchShape=0,3,4 is not valid; it takes three whole numbers"
                + " block,rows,columns with 1 <= rows <= block <= 256");
  }

  @Test
  void systemPropertiesNoLongerChangeGeneratedCode() throws Exception {
    NetworkSource source =
        NetworkSource.of("@Network", "@Dense(in = 2, out = 1)", "interface Net { float f(float a, float b); }");
    String plain = generated(source.compileWithJavac());
    String previous = System.setProperty("soma.codeStrategy", "loops");
    try {
      assertEquals(plain, generated(source.compileWithJavac()));
    } finally {
      if (previous == null) {
        System.clearProperty("soma.codeStrategy");
      } else {
        System.setProperty("soma.codeStrategy", previous);
      }
    }
    assertThat(generated(source.compileWithJavac("-Asoma.codeStrategy=loops"))).contains("private void layer1(");
  }

  private static String generated(Compilation compilation) throws Exception {
    assertThat(compilation).succeeded();
    return compilation.generatedSourceFile("test.SomaNet").orElseThrow().getCharContent(true).toString();
  }
}
