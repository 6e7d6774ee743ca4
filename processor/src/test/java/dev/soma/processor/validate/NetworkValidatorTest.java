package dev.soma.processor.validate;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Activation;
import dev.soma.processor.diag.Report;
import dev.soma.processor.model.Layer;
import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.read.Declarations;
import dev.soma.processor.read.NetworkDeclaration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Stage 2 alone: hand-built declarations in, a model or messages out; no javac involved. */
class NetworkValidatorTest {
  private static Optional<NetworkModel> validate(NetworkDeclaration declaration, Report report) {
    return NetworkValidator.validate(declaration, Optional.empty(), false, report);
  }

  private static List<String> texts(Report report) {
    return report.items().stream().map(Report.Item::text).collect(Collectors.toList());
  }

  @Test
  void theLecturesNetworkBecomesAModel() {
    Report report = new Report();
    NetworkModel model =
        validate(
                Declarations.network()
                    .dense(3, 2)
                    .activation(Activation.Kind.RELU)
                    .dense(2, 1)
                    .activation(Activation.Kind.SIGMOID)
                    .scalarMethod("attend", 3)
                    .build(),
                report)
            .orElseThrow();
    assertThat(texts(report)).isEmpty();
    assertEquals("SomaNet", model.generatedName());
    assertEquals("test", model.packageName());
    assertEquals(List.of(3, 2), model.layers().stream().map(Layer::in).collect(Collectors.toList()));
    assertEquals(Activation.Kind.SIGMOID, model.layers().get(1).activations().get(0).kind());
    assertEquals(MethodForm.SCALAR, model.methods().get(0).form());
    assertEquals(List.of("p0", "p1", "p2"), model.methods().get(0).parameterNames());
    // 2 * (3 * 2 + 2 * 1) multiply-add flops + 3 activations
    assertEquals(19, model.flops());
  }

  @Test
  void aShapeMismatchIsReportedWithBothNumbers() {
    Report report = new Report();
    assertTrue(
        validate(Declarations.network().dense(3, 2).dense(4, 1).arrayMethod("f").build(), report).isEmpty());
    assertThat(texts(report)).containsExactly("layer 2 @Dense(in = 4) does not match layer 1's out = 2; set in = 2");
  }

  @Test
  void twoLinearLayersAreFusedWithAWarning() {
    Report report = new Report();
    NetworkModel model =
        validate(
                Declarations.network()
                    .dense(2, 2, new double[] {1, 2, 3, 4}, new double[] {0.5, -0.5})
                    .dense(2, 1, new double[] {1, -1}, new double[] {0.25})
                    .arrayMethod("f")
                    .build(),
                report)
            .orElseThrow();
    assertEquals(1, model.layers().size());
    // W' = W2 W1 = [1 - 3, 2 - 4] = [-2, -2]; b' = W2 b1 + b2 = 0.5 + 0.5 + 0.25 = 1.25
    assertEquals(List.of(-2.0, -2.0), List.of(model.layers().get(0).weights().orElseThrow()[0], model.layers().get(0).weights().orElseThrow()[1]));
    assertEquals(1.25, model.layers().get(0).bias().orElseThrow()[0], 1e-15);
    assertThat(texts(report).get(0)).startsWith("layers 1 and 2 have no activation between them");
  }

  @Test
  void aClassIsNotANetwork() {
    Report report = new Report();
    validate(Declarations.network().kind("a class").dense(2, 1).arrayMethod("f").build(), report);
    assertThat(texts(report)).containsExactly("@Network must annotate an interface, but Net is a class; declare it as an interface");
  }

  @Test
  void trainableNeedsRunTimeWeights() {
    Report report = new Report();
    validate(
        Declarations.network().dense(2, 1, new double[] {1, 2}, new double[] {0}).arrayMethod("f").trainable().build(),
        report);
    assertThat(texts(report)).hasSize(1);
    assertThat(texts(report).get(0)).startsWith("@Network(trainable = true) on Net asks for a trainer");
  }

  @Test
  void aFailedWeightFileStillLetsTheShapesBeChecked() {
    Report report = new Report();
    Optional<NetworkModel> model =
        NetworkValidator.validate(
            Declarations.network().dense(3, 2).dense(4, 1).arrayMethod("f").build(), Optional.empty(), true, report);
    assertTrue(model.isEmpty());
    assertThat(texts(report)).containsExactly("layer 2 @Dense(in = 4) does not match layer 1's out = 2; set in = 2");
  }
}
