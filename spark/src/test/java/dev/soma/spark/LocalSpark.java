package dev.soma.spark;

import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** One local[2] Spark session for all test classes of the module (Spark stops it at JVM exit). */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("soma-spark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** {@code rows} rows (id, features array<float>), the features computed on the executors from the id. */
  static Dataset<Row> randomRows(long rows) {
    UDF1<Long, Object> features = id -> PartitionScorer.arrayValue(features(id, 784));
    return session()
        .range(rows)
        .withColumn(
            "features",
            functions.udf(features, DataTypes.createArrayType(DataTypes.FloatType, false)).apply(functions.col("id")));
  }

  /**
   * The features of row {@code id}: 784 values, a third of them exactly zero (as in images), the
   * rest uniform in [0, 1); the same on every JVM, computed on the executors and again on the
   * driver to check.
   */
  static float[] features(long id, int size) {
    SplittableRandom random = new SplittableRandom(0x9E3779B97F4A7C15L * (id + 1));
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      double u = random.nextDouble();
      x[i] = u < 1 / 3.0 ? 0f : (float) random.nextDouble();
    }
    return x;
  }
}
