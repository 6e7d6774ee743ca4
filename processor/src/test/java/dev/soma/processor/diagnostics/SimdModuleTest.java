package dev.soma.processor.diagnostics;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.soma.processor.testing.NetworkSource.line;

import com.google.testing.compile.Compilation;
import dev.soma.processor.testing.NetworkSource;
import org.junit.jupiter.api.Test;

/**
 * {@code @Network(simd = true)} needs {@code --add-modules jdk.incubator.vector}: without it the
 * processor says which flag to add, at the {@code simd} attribute; with it the class compiles.
 */
class SimdModuleTest {
  private static final NetworkSource SIMD_NETWORK =
      NetworkSource.of(
          "@Network(simd = true)",
          "@Dense(in = 20, out = 37) @Activation(RELU)",
          "@Dense(in = 37, out = 3)",
          "interface Net { void f(float[] x, float[] y); }");

  @Test
  void withoutTheModuleTheErrorNamesTheFlag() {
    Compilation compilation = SIMD_NETWORK.compileWithJavac();
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "@Network(simd = true) on Net needs the Vector API, but module jdk.incubator.vector is"
                + " not in this compilation; add --add-modules jdk.incubator.vector to javac")
        .inFile(SIMD_NETWORK.inMemory())
        .onLine(line(1));
  }

  @Test
  void withTheModuleTheNetworkCompiles() {
    Compilation compilation = SIMD_NETWORK.compileWithJavac("--add-modules", "jdk.incubator.vector");
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("test.SomaNet")
        .contentsAsUtf8String()
        .contains("FloatVector.SPECIES_PREFERRED");
  }
}
