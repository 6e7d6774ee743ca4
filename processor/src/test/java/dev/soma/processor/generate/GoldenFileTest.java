package dev.soma.processor.generate;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.soma.Activation;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.SomaProcessor;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one generated file a reader studies, checked in: {@code golden/SomaPartyDecider.java}, the
 * README's 3-2-1 network. When it changes on purpose, regenerate it with
 *
 * <pre>
 * mvn -pl processor -am test -Dtest=GoldenFileTest -Dsurefire.failIfNoSpecifiedTests=false -Dsoma.golden.update=true
 * </pre>
 *
 * and review the diff.
 */
class GoldenFileTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/SomaPartyDecider.java");

  /** The README's network, built by hand: what the validator makes of {@code golden/PartyDecider.java}. */
  static NetworkModel partyDecider() {
    return new NetworkModel(
        "party",
        "PartyDecider",
        "SomaPartyDecider",
        Precision.FLOAT,
        List.of(
            new Layer(1, 3, 2, "", List.of(new ActivationFunction(Activation.Kind.RELU, 0.01)), null, null, "layer 1"),
            new Layer(2, 2, 1, "", List.of(new ActivationFunction(Activation.Kind.SIGMOID, 0.01)), null, null, "layer 2")),
        List.of(new NetworkMethod("attend", MethodForm.SCALAR, List.of("weather", "venue", "company"))),
        false,
        false,
        ActivationMath.EXACT,
        dev.soma.Storage.F32);
  }

  @Test
  void theClassWriterAloneWritesTheGoldenFile() throws IOException {
    GeneratedNetwork generated = NetworkClassWriter.write(partyDecider(), GeneratorOptions.DEFAULTS);
    compareOrUpdate(generated.sources().get(0).toString());
  }

  @Test
  void theProcessorWritesTheGoldenFile() throws IOException {
    Compilation compilation =
        javac()
            .withProcessors(new SomaProcessor())
            .withOptions("-Xlint:all,-processing", "-Werror")
            .compile(JavaFileObjects.forResource("golden/PartyDecider.java"));
    assertThat(compilation).succeeded();
    String source =
        compilation.generatedSourceFile("party.SomaPartyDecider").orElseThrow().getCharContent(true).toString();
    compareOrUpdate(source);
  }

  private static void compareOrUpdate(String generated) throws IOException {
    if (Boolean.getBoolean("soma.golden.update")) {
      Files.writeString(GOLDEN, generated, StandardCharsets.UTF_8);
    }
    assertEquals(
        Files.readString(GOLDEN, StandardCharsets.UTF_8),
        generated,
        "generated code differs from " + GOLDEN + "; if on purpose, regenerate it (see GoldenFileTest)");
  }
}
