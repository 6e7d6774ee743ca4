package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Network(simd = true)} network in the transformer: rows go in blocks through its batched
 * form, which runs the Vector API kernel (the test JVM has {@code --add-modules
 * jdk.incubator.vector}). That kernel rounds once per fused multiply-add, so its outputs are checked
 * against a double reference within the documented bound {@code n * 2^-24 * (|b| + sum |w x|)}
 * (README, "SIMD backend"), and against direct single-row calls within twice that.
 */
class SimdTransformerTest {
  private static final int ROWS = 3_000;

  @Test
  void simdNetworkRunsItsBatchedFormWithinTheKernelsBound() {
    SomaSimdAffine network = SomaSimdAffine.random(11);
    NetworkForms forms = NetworkForms.of(SomaSimdAffine.class);
    assertTrue(forms.batched(), "the transformer uses the batched form");
    assertEquals(float[][].class, forms.outputsMethod().getParameterTypes()[0]);
    List<Row> rows =
        new SomaTransformer(network)
            .setOutputCol("outputs")
            .setPredictionCol("")
            .setBlockSize(100)
            .transform(LocalSpark.randomRows(ROWS))
            .select("id", "outputs")
            .collectAsList();
    assertEquals(ROWS, rows.size());
    float[] w = network.weights()[0];
    float[] b = network.biases()[0];
    double largestRelative = 0;
    for (Row row : rows) {
      long id = row.getLong(0);
      float[] x = LocalSpark.features(id, 784);
      List<Float> actual = row.getList(1);
      float[] direct = network.outputs(x);
      assertEquals(16, actual.size());
      for (int i = 0; i < 16; i++) {
        double exact = b[i];
        double magnitude = Math.abs(b[i]);
        for (int j = 0; j < 784; j++) {
          double p = (double) w[i * 784 + j] * x[j];
          exact += p;
          magnitude += Math.abs(p);
        }
        double bound = 784 * 0x1p-24 * magnitude;
        double error = Math.abs(actual.get(i) - exact);
        assertTrue(error <= bound, "row " + id + " output " + i + ": " + actual.get(i) + " vs " + exact + ", bound " + bound);
        assertTrue(Math.abs(actual.get(i) - direct[i]) <= 2 * bound, "row " + id + " output " + i + " vs the direct call");
        largestRelative = Math.max(largestRelative, error / bound);
      }
    }
    System.out.printf("SIMD transformer, %d rows: largest error %.3g of the bound%n", ROWS, largestRelative);
  }
}
