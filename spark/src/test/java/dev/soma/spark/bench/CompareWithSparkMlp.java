package dev.soma.spark.bench;

import dev.soma.spark.SomaTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A simple timed main, not JMH: scores rows of 784 features in {@code local[2]} through 784-128
 * sigmoid-10 softmax, the same weights in seven contenders, each writing to Spark's {@code noop}
 * sink:
 *
 * <ol>
 *   <li>the Soma transformer on a Spark ML vector column (probabilities as a vector, and the
 *       prediction);
 *   <li>Spark ML's {@code MultilayerPerceptronClassificationModel} on the same column (probability
 *       and prediction);
 *   <li>the Soma transformer on an {@code array<float>} column (probabilities as {@code
 *       array<float>});
 *   <li>a plain Java UDF over the {@code array<float>} column ({@link JavaMlpUdf});
 *   <li>ONNX Runtime in {@code mapPartitions}, one session per partition, batches of 256 rows
 *       ({@link OrtPartitionScorer});
 *   <li>the Soma transformer on the {@code array<float>} column with the same weights in {@link
 *       Mlp128Simd} ({@code @Network(simd = true)}: the batched form runs the Vector API kernel);
 *   <li>the same with {@link Mlp128Fast} ({@code simd = true, activations = FAST}: the sigmoid
 *       lane-wise in float).
 * </ol>
 *
 * The features are generated from the row id on the executors, so every run also times that
 * generation alone (for vectors and for arrays) and reports rows per second per core with and
 * without it. Before timing, the seven are checked to agree on the first 1,000 rows (largest
 * difference from Spark ML's double probabilities).
 *
 * <pre>
 * mvn -B -q -pl spark -am process-test-classes -Pexample \
 *     -Dexample.main=dev.soma.spark.bench.CompareWithSparkMlp -Dexample.args="1000000 3"
 * </pre>
 *
 * Arguments: rows (1,000,000) and timed rounds (3), after one warm-up run of each contender; each
 * round runs every contender once, in an order that rotates from round to round, and the best
 * round of each counts. The
 * SIMD contenders need {@code --add-modules jdk.incubator.vector} on the JVM (the module's {@code
 * spark.jvm.options}, which the command above passes).
 * Run it on a quiet machine; results vary with the load.
 */
public final class CompareWithSparkMlp {
  static final int[] SIZES = {784, 128, 10};
  static final int ORT_BATCH = 256;

  private CompareWithSparkMlp() {}

  /** One way of scoring: its name, the input it reads, and the scored dataset. */
  record Contender(String name, boolean arrays, Supplier<Dataset<Row>> scored) {}

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
      Dataset<Row> vectors = vectors(spark, rows);
      Dataset<Row> arrays = arrays(spark, rows);
      List<Contender> contenders = contenders(soma, vectors, arrays);
      System.out.printf(Locale.ROOT, "largest |p - p_spark_ml| on the first 1,000 rows:%n");
      for (Contender contender : contenders) {
        System.out.printf(Locale.ROOT, "  %-58s %.3g%n", contender.name(), largestDifference(contender, contenders.get(1)));
      }
      // Every round runs each timed job once, starting one further along each round, so a change
      // of the machine's speed during the run falls on all of them alike.
      List<Runnable> jobs = new ArrayList<>();
      jobs.add(() -> vectors.write().format("noop").mode("overwrite").save());
      jobs.add(() -> arrays.write().format("noop").mode("overwrite").save());
      for (Contender contender : contenders) {
        Supplier<Dataset<Row>> scored = contender.scored();
        jobs.add(() -> scored.get().write().format("noop").mode("overwrite").save());
      }
      double[][] times = interleaved(jobs, rounds);
      double vectorGeneration = min(times[0]);
      double arrayGeneration = min(times[1]);
      double[] seconds = new double[contenders.size()];
      for (int c = 0; c < contenders.size(); c++) {
        seconds[c] = min(times[c + 2]);
      }
      System.out.printf(Locale.ROOT, "%,d rows of 784 features, local[2], best of %d rounds after one warm-up%n", rows, rounds);
      report("generating the vectors alone", rows, vectorGeneration, 0);
      report("generating the arrays alone", rows, arrayGeneration, 0);
      double[] scoring = new double[contenders.size()];
      for (int c = 0; c < contenders.size(); c++) {
        double generation = contenders.get(c).arrays() ? arrayGeneration : vectorGeneration;
        scoring[c] = seconds[c] - generation;
        report(contenders.get(c).name(), rows, seconds[c], generation);
      }
      System.out.printf(Locale.ROOT, "Soma / Spark ML (vectors), scoring only: %.2fx, end to end %.2fx%n",
          scoring[1] / scoring[0], seconds[1] / seconds[0]);
      for (int s : new int[] {2, 5, 6}) {
        for (int c = 3; c <= 4; c++) {
          System.out.printf(Locale.ROOT, "%s / %s, scoring only: %.2fx, end to end %.2fx; end to end per round: %s%n",
              contenders.get(s).name(), contenders.get(c).name(), scoring[c] / scoring[s], seconds[c] / seconds[s],
              perRound(times[c + 2], times[s + 2]));
        }
      }
    } finally {
      spark.stop();
    }
  }

  /** {@code rows} rows (ids 0, 1, ...) in two partitions with their features as a Spark ML vector. */
  static Dataset<Row> vectors(SparkSession spark, long rows) {
    UDF1<Long, Vector> features = CompareWithSparkMlp::features;
    return spark.range(0, rows, 1, 2)
        .withColumn("features", functions.udf(features, SQLDataTypes.VectorType()).apply(functions.col("id")));
  }

  /** The same rows with the same features as {@code array<float>}. */
  static Dataset<Row> arrays(SparkSession spark, long rows) {
    UDF1<Long, float[]> pixels = CompareWithSparkMlp::pixels;
    return spark.range(0, rows, 1, 2)
        .withColumn(
            "pixels",
            functions.udf(pixels, DataTypes.createArrayType(DataTypes.FloatType, false)).apply(functions.col("id")));
  }

  /** The seven contenders, in the order described above; each writes column "probability". */
  static List<Contender> contenders(SomaMlp128 soma, Dataset<Row> vectors, Dataset<Row> arrays) {
    MultilayerPerceptronClassificationModel mlp = sparkModel(soma);
    mlp.setFeaturesCol("features").setRawPredictionCol("").setProbabilityCol("probability").setPredictionCol("prediction");
    SomaTransformer somaVectors =
        new SomaTransformer(soma).setOutputType("vector").setOutputCol("probability").setPredictionCol("prediction");
    SomaTransformer somaArrays =
        new SomaTransformer(soma).setInputCol("pixels").setOutputType("array").setOutputCol("probability").setPredictionCol("");
    UserDefinedFunction udf =
        functions.udf(new JavaMlpUdf(soma.weights(), soma.biases(), SIZES), DataTypes.createArrayType(DataTypes.FloatType, false));
    byte[] onnx = OnnxMlp.model(soma.weights(), soma.biases(), SIZES);
    StructType withProbability =
        arrays.schema().add("probability", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    SomaTransformer simdArrays =
        new SomaTransformer(new SomaMlp128Simd(soma.weights(), soma.biases()))
            .setInputCol("pixels").setOutputType("array").setOutputCol("probability").setPredictionCol("");
    SomaTransformer fastArrays =
        new SomaTransformer(new SomaMlp128Fast(soma.weights(), soma.biases()))
            .setInputCol("pixels").setOutputType("array").setOutputCol("probability").setPredictionCol("");
    OrtPartitionScorer ort = new OrtPartitionScorer(onnx, arrays.schema().fieldIndex("pixels"), SIZES[0], ORT_BATCH);
    return List.of(
        new Contender("Soma transformer, vector (+ prediction)", false, () -> somaVectors.transform(vectors)),
        new Contender("Spark ML MLP model, vector (+ prediction)", false, () -> mlp.transform(vectors)),
        new Contender("Soma transformer, array<float>", true, () -> somaArrays.transform(arrays)),
        new Contender("plain Java UDF, array<float>", true, () -> arrays.withColumn("probability", udf.apply(functions.col("pixels")))),
        new Contender(
            "ONNX Runtime in mapPartitions, batches of " + ORT_BATCH, true, () -> arrays.mapPartitions(ort, Encoders.row(withProbability))),
        new Contender("Soma transformer, simd = true, array<float>", true, () -> simdArrays.transform(arrays)),
        new Contender("Soma transformer, simd = true, FAST, array<float>", true, () -> fastArrays.transform(arrays)));
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

  /** {@link #features} as floats (the values are floats already). */
  static float[] pixels(long id) {
    double[] x = features(id).toArray();
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
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

  /** The largest difference between two contenders' probabilities on the first 1,000 rows. */
  static double largestDifference(Contender a, Contender b) {
    return largestDifference(a.scored().get().limit(1_000), b.scored().get().limit(1_000));
  }

  /** The largest difference between the "probability" columns of {@code a} and {@code b}, row by row. */
  static double largestDifference(Dataset<Row> a, Dataset<Row> b) {
    List<Row> p = a.select("id", "probability").orderBy("id").collectAsList();
    List<Row> q = b.select("id", "probability").orderBy("id").collectAsList();
    if (p.size() != q.size()) {
      throw new IllegalStateException(p.size() + " rows against " + q.size());
    }
    double largest = 0;
    for (int r = 0; r < p.size(); r++) {
      double[] x = values(p.get(r).get(1));
      double[] y = values(q.get(r).get(1));
      for (int i = 0; i < x.length; i++) {
        largest = Math.max(largest, Math.abs(x[i] - y[i]));
      }
    }
    return largest;
  }

  /** A probability column's value (a vector, or an array of floats) as doubles. */
  private static double[] values(Object value) {
    if (value instanceof Vector vector) {
      return vector.toArray();
    }
    scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
    double[] values = new double[seq.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = ((Number) seq.apply(i)).doubleValue();
    }
    return values;
  }

  /**
   * Runs each job once untimed, then {@code rounds} rounds in which every job runs once (round
   * {@code r} starting at job {@code r}); returns the seconds of job {@code j} in round {@code r}
   * as {@code [j][r]}.
   */
  private static double[][] interleaved(List<Runnable> jobs, int rounds) {
    jobs.forEach(Runnable::run);
    double[][] seconds = new double[jobs.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < jobs.size(); k++) {
        int j = (r + k) % jobs.size();
        long start = System.nanoTime();
        jobs.get(j).run();
        seconds[j][r] = (System.nanoTime() - start) / 1e9;
      }
    }
    return seconds;
  }

  private static double min(double[] values) {
    return java.util.Arrays.stream(values).min().orElseThrow();
  }

  /** The ratios {@code a[r] / b[r]} of each round, as {@code 0.91x 0.95x ...}. */
  private static String perRound(double[] a, double[] b) {
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < a.length; r++) {
      text.append(String.format(Locale.ROOT, r == 0 ? "%.2fx" : " %.2fx", a[r] / b[r]));
    }
    return text.toString();
  }

  private static void report(String what, long rows, double seconds, double generation) {
    String net =
        generation > 0
            ? String.format(Locale.ROOT, "; scoring alone %,.0f rows/s per core", rows / (seconds - generation) / 2)
            : "";
    System.out.printf(Locale.ROOT, "%-58s %6.2f s  %,10.0f rows/s per core%s%n", what, seconds, rows / seconds / 2, net);
  }
}
