package dev.soma.spark.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.spark.LocalSpark;
import dev.soma.spark.SomaTransformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark compares like with like: Spark ML's own multilayer perceptron, given Soma's weights
 * in its layout, computes (in double) the probabilities the Soma transformer computes (in float).
 */
class CompareWithSparkMlpTest {
  @Test
  void sparkMlModelWithSomaWeightsAgreesWithTheTransformer() {
    SparkSession spark = LocalSpark.session();
    SomaMlp128 soma = SomaMlp128.random(42);
    UDF1<Long, Object> features = CompareWithSparkMlp::features;
    Dataset<Row> input =
        spark.range(0, 300, 1, 2).withColumn("features", functions.udf(features, SQLDataTypes.VectorType()).apply(functions.col("id")));
    MultilayerPerceptronClassificationModel mlp = CompareWithSparkMlp.sparkModel(soma);
    mlp.setProbabilityCol("probability");
    double largest =
        CompareWithSparkMlp.largestDifference(
            input, new SomaTransformer(soma).setOutputType("vector").setOutputCol("probability"), mlp);
    assertTrue(largest < 1e-5, "largest difference " + largest);
    assertTrue(largest > 0, "float and double cannot agree to the last bit on 3,000 probabilities");
  }
}
