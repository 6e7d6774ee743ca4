package dev.soma.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.spark.LocalSpark;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares like with like: Spark ML's own multilayer perceptron given Soma's weights
 * in its layout (computing in double), the plain Java UDF and ONNX Runtime in {@code
 * mapPartitions} given the same weights (in float) compute the probabilities the Soma transformer
 * computes (in float), on vector and array inputs alike.
 */
class CompareWithSparkMlpTest {
  @Test
  void everyContenderAgreesWithSparkMlsDoubleProbabilities() {
    SparkSession spark = LocalSpark.session();
    SomaMlp128 soma = SomaMlp128.random(42);
    List<CompareWithSparkMlp.Contender> contenders =
        CompareWithSparkMlp.contenders(
            soma, CompareWithSparkMlp.vectors(spark, 300), CompareWithSparkMlp.arrays(spark, 300));
    assertEquals(7, contenders.size());
    CompareWithSparkMlp.Contender sparkMl = contenders.get(1);
    for (CompareWithSparkMlp.Contender contender : contenders) {
      if (contender != sparkMl) {
        double largest = CompareWithSparkMlp.largestDifference(contender, sparkMl);
        assertTrue(largest < 1e-5, contender.name() + ": largest difference " + largest);
        assertTrue(largest > 0, contender.name() + ": float and double cannot agree to the last bit on 3,000 probabilities");
      }
    }
  }

  @Test
  void theJavaUdfIsTheNetworksForwardPass() {
    SomaMlp128 soma = SomaMlp128.random(7);
    JavaMlpUdf udf = new JavaMlpUdf(soma.weights(), soma.biases(), CompareWithSparkMlp.SIZES);
    float[] x = CompareWithSparkMlp.pixels(3);
    float[] expected = soma.probabilities(x);
    float[] got = udf.forward(x);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], 1e-6, "output " + i);
    }
  }
}
