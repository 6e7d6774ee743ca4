package dev.soma.spark.bench;

import dev.soma.spark.SomaTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;

/**
 * A simple timed main, not JMH: scores rows of 784 features in {@code local[2]} with the Soma
 * transformer and with Spark ML's {@code MultilayerPerceptronClassificationModel} holding the same
 * weights (784-128 sigmoid-10 softmax), each writing probabilities and prediction to Spark's
 * {@code noop} sink. The features are generated from the row id on the executors, so every run
 * also times that generation alone and reports rows per second with and without it. Prints the
 * largest difference between the two models' probabilities (Soma computes in float, Spark in
 * double).
 *
 * <pre>
 * mvn -B -q -pl spark -am process-test-classes -Pexample \
 *     -Dexample.main=dev.soma.spark.bench.CompareWithSparkMlp -Dexample.args="1000000 3"
 * </pre>
 *
 * Arguments: rows (1,000,000) and timed rounds per contender (3), after one warm-up round each.
 * Run it on a quiet machine; results vary with the load.
 */
public final class CompareWithSparkMlp {
  private CompareWithSparkMlp() {}

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SomaMlp128 soma = SomaMlp128.random(42);
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("soma-vs-spark-mlp")
            .config("spark.ui.enabled", "false")
            // local mode on the loopback interface only
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    try {
      UDF1<Long, Vector> features = CompareWithSparkMlp::features;
      Dataset<Row> input =
          spark.range(0, rows, 1, 2).withColumn("features", functions.udf(features, SQLDataTypes.VectorType()).apply(functions.col("id")));
      MultilayerPerceptronClassificationModel mlp = sparkModel(soma);
      mlp.setFeaturesCol("features").setRawPredictionCol("").setProbabilityCol("probability").setPredictionCol("prediction");
      SomaTransformer transformer =
          new SomaTransformer(soma).setOutputType("vector").setOutputCol("probability").setPredictionCol("prediction");

      System.out.printf(Locale.ROOT, "largest |p_soma - p_spark| on 1,000 rows: %.3g%n", largestDifference(input.limit(1_000), transformer, mlp));
      double generation = best(rounds, () -> input.write().format("noop").mode("overwrite").save());
      double somaSeconds = best(rounds, () -> transformer.transform(input).write().format("noop").mode("overwrite").save());
      double sparkSeconds = best(rounds, () -> mlp.transform(input).write().format("noop").mode("overwrite").save());
      System.out.printf(Locale.ROOT, "%,d rows of 784 features, local[2], best of %d rounds after one warm-up%n", rows, rounds);
      report("generating the features alone", rows, generation, 0);
      report("Soma transformer (784-128-10, float)", rows, somaSeconds, generation);
      report("Spark ML MultilayerPerceptronClassificationModel", rows, sparkSeconds, generation);
      System.out.printf(Locale.ROOT, "Soma / Spark ML, scoring only: %.2fx%n", (sparkSeconds - generation) / (somaSeconds - generation));
    } finally {
      spark.stop();
    }
  }

  /** The features of row {@code id}: half zeros, the rest uniform in [0, 1), like image pixels. */
  static Vector features(long id) {
    SplittableRandom random = new SplittableRandom(id * 0x9E3779B97F4A7C15L + 1);
    double[] x = new double[784];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextBoolean() ? 0 : (float) random.nextDouble();
    }
    return Vectors.dense(x);
  }

  /**
   * Spark ML's model with Soma's weights: per layer the out x in matrix column-major (Breeze's
   * layout: element (i, j) at j * out + i), then the biases.
   */
  static MultilayerPerceptronClassificationModel sparkModel(SomaMlp128 soma) {
    float[][] w = soma.weights();
    float[][] b = soma.biases();
    int[] sizes = {784, 128, 10};
    List<Double> all = new ArrayList<>();
    for (int l = 0; l < 2; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      for (int j = 0; j < in; j++) {
        for (int i = 0; i < out; i++) {
          all.add((double) w[l][i * in + j]);
        }
      }
      for (int i = 0; i < out; i++) {
        all.add((double) b[l][i]);
      }
    }
    double[] weights = all.stream().mapToDouble(Double::doubleValue).toArray();
    MultilayerPerceptronClassificationModel model =
        new MultilayerPerceptronClassificationModel("mlp", Vectors.dense(weights));
    model.set(model.layers(), sizes);
    return model;
  }

  static double largestDifference(Dataset<Row> input, Transformer soma, Transformer mlp) {
    List<Row> a = soma.transform(input).select("id", "probability").orderBy("id").collectAsList();
    List<Row> b = mlp.transform(input).select("id", "probability").orderBy("id").collectAsList();
    double largest = 0;
    for (int r = 0; r < a.size(); r++) {
      double[] p = ((Vector) a.get(r).get(1)).toArray();
      double[] q = ((Vector) b.get(r).get(1)).toArray();
      for (int i = 0; i < p.length; i++) {
        largest = Math.max(largest, Math.abs(p[i] - q[i]));
      }
    }
    return largest;
  }

  /** The shortest of {@code rounds} timed runs, after one untimed run. */
  private static double best(int rounds, Runnable run) {
    run.run();
    double best = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      run.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  private static void report(String what, long rows, double seconds, double generation) {
    String net =
        generation > 0
            ? String.format(Locale.ROOT, "; scoring alone %,.0f rows/s per core", rows / (seconds - generation) / 2)
            : "";
    System.out.printf(Locale.ROOT, "%-50s %6.2f s  %,10.0f rows/s per core%s%n", what, seconds, rows / seconds / 2, net);
  }
}
