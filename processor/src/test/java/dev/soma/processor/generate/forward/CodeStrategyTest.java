package dev.soma.processor.generate.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.Activation;
import dev.soma.Network.ActivationMath;
import dev.soma.processor.generate.GeneratorOptions;
import dev.soma.processor.model.ActivationFunction;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkMethod;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CodeStrategy#choose} alone, on hand-built models: no javac involved. */
class CodeStrategyTest {
  private static final GeneratorOptions AUTO = GeneratorOptions.DEFAULTS;

  /** A run-time-weight network of the given widths, ReLU between layers. */
  static NetworkModel network(boolean simd, int... widths) {
    List<Layer> layers = new ArrayList<>();
    for (int l = 1; l < widths.length; l++) {
      layers.add(
          new Layer(
              l,
              widths[l - 1],
              widths[l],
              "",
              List.of(new ActivationFunction(Activation.Kind.RELU, 0.01)),
              null,
              null,
              "layer " + l));
    }
    return new NetworkModel(
        "test",
        "Net",
        "SomaNet",
        Precision.FLOAT,
        layers,
        List.of(new NetworkMethod("f", MethodForm.ARRAY_INTO, List.of("x", "y"))),
        simd,
        false,
        ActivationMath.EXACT,
        dev.soma.Storage.F32);
  }

  private static GeneratorOptions forced(String strategy) {
    return GeneratorOptions.parse(Map.of(GeneratorOptions.CODE_STRATEGY, strategy), new ArrayList<>());
  }

  @Test
  void theLecturesNetworkIsUnrolled() {
    assertEquals(CodeStrategy.UNROLLED, CodeStrategy.choose(network(false, 3, 2, 1), AUTO));
  }

  @Test
  void aLayerOfMoreThan64TermsIsLooped() {
    assertEquals(CodeStrategy.UNROLLED, CodeStrategy.choose(network(false, 8, 8, 1), AUTO));
    assertEquals(CodeStrategy.LOOPS, CodeStrategy.choose(network(false, 9, 8, 1), AUTO));
  }

  @Test
  void aNetworkOfMoreThan256TermsIsLooped() {
    // four layers of 8 x 8 = 256 terms: unrolled; five: 320 terms, looped
    assertEquals(CodeStrategy.UNROLLED, CodeStrategy.choose(network(false, 8, 8, 8, 8, 8), AUTO));
    assertEquals(CodeStrategy.LOOPS, CodeStrategy.choose(network(false, 8, 8, 8, 8, 8, 8), AUTO));
  }

  @Test
  void simdAppliesToLoopedNetworksOnly() {
    assertEquals(CodeStrategy.SIMD_LOOPS, CodeStrategy.choose(network(true, 784, 128, 10), AUTO));
    assertEquals(CodeStrategy.UNROLLED, CodeStrategy.choose(network(true, 3, 2, 1), AUTO));
  }

  @Test
  void optionsForceAForm() {
    assertEquals(CodeStrategy.LOOPS, CodeStrategy.choose(network(false, 3, 2, 1), forced("loops")));
    // unrolled is forced up to 512 terms: 16 x 16 + 16 x 16 = 512, 17 x 16 + 16 x 16 = 528
    assertEquals(CodeStrategy.UNROLLED, CodeStrategy.choose(network(false, 16, 16, 16), forced("unrolled")));
    assertEquals(CodeStrategy.LOOPS, CodeStrategy.choose(network(false, 17, 16, 16), forced("UNROLLED")));
    assertEquals(CodeStrategy.LOOPS, CodeStrategy.choose(network(false, 16, 16, 16), forced("auto")));
  }
}
