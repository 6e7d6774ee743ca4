package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SomaSparkTest {
  private static SparkSession spark;
  private static final SomaDigits32 DIGITS = new SomaDigits32();

  @BeforeAll
  static void start() {
    spark = LocalSpark.session();
    LocalSpark.randomRows(2_000).createOrReplaceTempView("images");
  }

  private static float[] floats(List<Float> values) {
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i);
    }
    return result;
  }

  @Test
  void argmaxFunctionReturnsTheIntOfTheDeclaredMethod() {
    SomaSpark.register(spark, "digit", SomaDigits32.class);
    Dataset<Row> out = spark.sql("SELECT id, digit(features) AS d FROM images");
    assertEquals(DataTypes.IntegerType, out.schema().apply("d").dataType());
    List<Row> rows = out.collectAsList();
    assertEquals(2_000, rows.size());
    for (Row row : rows) {
      assertEquals(DIGITS.digit(LocalSpark.features(row.getLong(0), 784)), row.getInt(1), "row " + row.getLong(0));
    }
  }

  @Test
  void arrayFunctionReturnsTheBitsOfDirectCalls() {
    SomaSpark.register(spark, "scores", Digits32.class);
    Dataset<Row> out = spark.sql("SELECT id, scores(features) AS s FROM images WHERE id < 500");
    assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), out.schema().apply("s").dataType());
    for (Row row : out.collectAsList()) {
      assertArrayEquals(DIGITS.scores(LocalSpark.features(row.getLong(0), 784)), floats(row.getList(1)));
    }
  }

  @Test
  void runTimeWeightsAndExplicitMethods() {
    SomaTagger tagger = SomaTagger.random(3);
    SomaSpark.register(spark, "tag", tagger, null);
    SomaSpark.register(spark, "tagIndex", tagger, "best");
    float[] expected = new float[4];
    for (Row row : spark.sql("SELECT id, tag(features), tagIndex(features) FROM images WHERE id < 300").collectAsList()) {
      float[] x = LocalSpark.features(row.getLong(0), 784);
      tagger.tag(x, expected);
      assertArrayEquals(expected, floats(row.getList(1)));
      assertEquals(tagger.best(x), row.getInt(2));
    }
    IllegalArgumentException ambiguous =
        assertThrows(IllegalArgumentException.class, () -> SomaSpark.register(spark, "tagger", tagger, null));
    assertEquals(
        "cannot tell which method of dev.soma.spark.Tagger the SQL function tagger computes; the candidates are"
            + " best, tag; name one with SomaSpark.register(spark, name, network, method)",
        ambiguous.getMessage());
  }

  @Test
  void argmaxOnlyNetworksNullsAndVectors() {
    SomaSpark.register(spark, "pick", PickOnly.class);
    Row row =
        spark
            .sql(
                "SELECT pick(array(CAST(1 AS FLOAT), CAST(3 AS FLOAT))), pick(array(CAST(4 AS FLOAT), CAST(3 AS FLOAT))),"
                    + " pick(CAST(NULL AS ARRAY<FLOAT>)), pick(array(2D, 1D))")
            .first();
    assertEquals(1, row.getInt(0));
    assertEquals(0, row.getInt(1));
    assertTrue(row.isNullAt(2));
    assertEquals(0, row.getInt(3));
    SparkException wrongLength =
        assertThrows(SparkException.class, () -> spark.sql("SELECT pick(array(CAST(1 AS FLOAT))) AS p").collectAsList());
    Throwable cause = wrongLength;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertEquals("the argument of SQL function pick has an array of 1 value; the network takes 2", cause.getMessage());
  }
}
