package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SomaTransformerTest {
  private static final Path FASHION_TEST_IMAGES =
      Idx.FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz");

  private static SparkSession spark;
  private static final SomaDigits32 DIGITS = new SomaDigits32();

  @BeforeAll
  static void start() {
    spark = LocalSpark.session();
  }

  private static float[] floats(Row row, String column) {
    List<Float> values = row.getList(row.fieldIndex(column));
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i);
    }
    return result;
  }

  @Test
  void hundredThousandRandomRowsGiveTheBitsOfDirectCalls() {
    long start = System.nanoTime();
    List<Row> rows =
        new SomaTransformer(SomaDigits32.class)
            .setOutputCol("scores")
            .transform(LocalSpark.randomRows(100_000))
            .select("id", "scores", "prediction")
            .collectAsList();
    long spark = System.nanoTime() - start;
    assertEquals(100_000, rows.size());
    boolean[] seen = new boolean[100_000];
    int[] predicted = new int[10];
    for (Row row : rows) {
      long id = row.getLong(0);
      seen[(int) id] = true;
      float[] x = LocalSpark.features(id, 784);
      float[] expected = DIGITS.scores(x);
      float[] actual = floats(row, "scores");
      if (!Arrays.equals(expected, actual)) {
        assertArrayEquals(expected, actual, "row " + id);
      }
      int digit = DIGITS.digit(x);
      assertEquals(digit, row.getDouble(2), "prediction of row " + id);
      predicted[digit]++;
    }
    for (int id = 0; id < seen.length; id++) {
      assertTrue(seen[id], "row " + id + " missing");
    }
    System.out.printf(
        "100,000 rows of 784 through 784-32-10 in local[2]: %.1f s with data generation; predictions per class %s%n",
        spark / 1e9, Arrays.toString(predicted));
  }

  @Test
  void denseAndSparseVectorsGiveTheSameBitsAsFloatArrays() {
    List<Row> input = new ArrayList<>();
    for (long id = 0; id < 500; id++) {
      Vector dense = Vectors.dense(PartitionScorer.widen(LocalSpark.features(id, 784)));
      input.add(RowFactory.create(id, id % 2 == 0 ? dense : dense.toSparse()));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("features", SQLDataTypes.VectorType());
    List<Row> rows =
        new SomaTransformer(SomaDigits32.class)
            .setOutputType("vector")
            .setBlockSize(7)
            .transform(spark.createDataFrame(input, schema))
            .collectAsList();
    assertEquals(500, rows.size());
    for (Row row : rows) {
      float[] expected = DIGITS.scores(LocalSpark.features(row.getLong(0), 784));
      double[] actual = ((Vector) row.getAs("output")).toArray();
      assertEquals(expected.length, actual.length);
      for (int i = 0; i < expected.length; i++) {
        assertEquals((double) expected[i], actual[i], "row " + row.getLong(0) + " output " + i);
      }
    }
  }

  @Test
  void fashionMnistTestImagesGiveTheBitsOfDirectCalls() throws IOException {
    assumeTrue(
        Files.isRegularFile(FASHION_TEST_IMAGES),
        "skipped: " + FASHION_TEST_IMAGES + " not found (apt-get install dataset-fashion-mnist)");
    float[][] images = Idx.images(FASHION_TEST_IMAGES);
    assertEquals(10_000, images.length);
    List<Row> input = new ArrayList<>();
    for (int n = 0; n < images.length; n++) {
      input.add(RowFactory.create(n, Vectors.dense(PartitionScorer.widen(images[n]))));
    }
    StructType schema =
        new StructType()
            .add("n", DataTypes.IntegerType)
            .add("image", SQLDataTypes.VectorType());
    List<Row> rows =
        new SomaTransformer(SomaDigits32.class)
            .setInputCol("image")
            .transform(spark.createDataFrame(input, schema).repartition(3))
            .collectAsList();
    assertEquals(10_000, rows.size());
    for (Row row : rows) {
      int n = row.getInt(0);
      assertArrayEquals(DIGITS.scores(images[n]), floats(row, "output"), "image " + n);
      assertEquals(DIGITS.digit(images[n]), row.getDouble(3), "image " + n);
    }
  }

  @Test
  void nullInputsGiveNullOutputsAndKeepTheRow() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    List<Row> input = new ArrayList<>();
    for (int id = 0; id < 40; id++) {
      input.add(RowFactory.create(id, id % 3 == 0 ? null : PartitionScorer.arrayValue(LocalSpark.features(id, 784))));
    }
    List<Row> rows =
        new SomaTransformer(SomaDigits32.class)
            .setBlockSize(8)
            .transform(spark.createDataFrame(input, schema))
            .collectAsList();
    assertEquals(40, rows.size());
    for (Row row : rows) {
      int id = row.getInt(0);
      if (id % 3 == 0) {
        assertTrue(row.isNullAt(2), "output of null row " + id);
        assertTrue(row.isNullAt(3), "prediction of null row " + id);
      } else {
        assertArrayEquals(DIGITS.scores(LocalSpark.features(id, 784)), floats(row, "output"), "row " + id);
      }
    }
  }

  @Test
  void runTimeWeightsAreBroadcastAndUsedThroughTheSingleRowForm() {
    SomaTagger tagger = SomaTagger.random(7);
    List<Row> rows =
        new SomaTransformer(tagger)
            .setOutputCol("tags")
            .setPredictionCol("")
            .transform(LocalSpark.randomRows(3_000))
            .select("id", "tags")
            .collectAsList();
    assertEquals(3_000, rows.size());
    float[] expected = new float[4];
    for (Row row : rows) {
      tagger.tag(LocalSpark.features(row.getLong(0), 784), expected);
      assertArrayEquals(expected, floats(row, "tags"), "row " + row.getLong(0));
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {Affine.class, AffineBlocks.class})
  void doubleNetworksTakeAndGiveDoubles(Class<?> network) {
    StructType schema =
        new StructType().add("x", DataTypes.createArrayType(DataTypes.DoubleType, false));
    Dataset<Row> out =
        new SomaTransformer(network)
            .setInputCol("x")
            .setOutputCol("z")
            .transform(spark.createDataFrame(List.of(RowFactory.create(PartitionScorer.arrayValue(new double[] {2, 5, 1}))), schema));
    assertEquals(DataTypes.createArrayType(DataTypes.DoubleType, false), out.schema().apply("z").dataType());
    Row row = out.first();
    List<Double> z = row.getList(1);
    // 0.5 + 0.1*2 + 0.4*5 + 0.5*1 = 3.2 and -0.1 + 0.2*2 + 0.3*5 + 0.6*1 = 2.4, hand-computed.
    assertEquals(3.2, z.get(0), 1e-12);
    assertEquals(2.4, z.get(1), 1e-12);
    assertArrayEquals(new SomaAffine().apply(new double[] {2, 5, 1}), new double[] {z.get(0), z.get(1)});
    assertEquals(0.0, row.getDouble(2));
  }

  @Test
  void pipelineWithBakedAndRunTimeNetworksSavesAndLoads(@TempDir Path dir) throws IOException {
    SomaTagger tagger = SomaTagger.random(11);
    Dataset<Row> data = LocalSpark.randomRows(1_000);
    PipelineModel model =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new SomaTransformer(SomaDigits32.class).setOutputCol("scores"),
                  new SomaTransformer(tagger).setOutputCol("tags").setPredictionCol("tag")
                })
            .fit(data);
    String path = dir.resolve("model").toString();
    model.write().overwrite().save(path);
    assertTrue(Files.isRegularFile(Path.of(path, "stages", "1_" + model.stages()[1].uid(), "data", "weights.safetensors")));
    PipelineModel loaded = PipelineModel.load(path);
    SomaTransformer loadedTagger = (SomaTransformer) loaded.stages()[1];
    assertEquals(SomaTagger.class.getName(), loadedTagger.getNetwork());
    assertEquals("tags", loadedTagger.getOutputCol());
    assertTrue(loadedTagger.hasWeights());
    assertEquals(SomaDigits32.class.getName(), ((SomaTransformer) loaded.stages()[0]).getNetwork());
    List<Row> before = model.transform(data).select("id", "scores", "prediction", "tags", "tag").orderBy("id").collectAsList();
    List<Row> after = loaded.transform(data).select("id", "scores", "prediction", "tags", "tag").orderBy("id").collectAsList();
    assertEquals(before, after);
    float[] tags = new float[4];
    for (Row row : after) {
      float[] x = LocalSpark.features(row.getLong(0), 784);
      tagger.tag(x, tags);
      assertArrayEquals(tags, floats(row, "tags"));
      assertEquals(tagger.best(x), row.getDouble(4));
    }
  }

  @Test
  void schemaErrorsNameTheColumnAndBothSizes() {
    SomaTransformer digits = new SomaTransformer(SomaDigits32.class);
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("pixels", DataTypes.createArrayType(DataTypes.IntegerType));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> digits.transformSchema(schema));
    assertEquals("input column 'features' does not exist; the columns are id, pixels", missing.getMessage());
    IllegalArgumentException type =
        assertThrows(IllegalArgumentException.class, () -> digits.copy(new org.apache.spark.ml.param.ParamMap()).setInputCol("pixels").transformSchema(schema));
    assertEquals(
        "input column 'pixels' has type array<int>; SomaDigits32 takes array<float>, array<double> or a Spark ML vector of 784 values",
        type.getMessage());
    StructType vectors =
        new StructType(new StructField[] {new AttributeGroup("features", 10).toStructField()});
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> digits.transformSchema(vectors));
    assertEquals(
        "input column 'features' holds vectors of 10 values (its ML attributes say so); SomaDigits32 takes 784",
        size.getMessage());
    StructType taken =
        new StructType()
            .add("features", SQLDataTypes.VectorType())
            .add("prediction", DataTypes.DoubleType, true, Metadata.empty());
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class, () -> digits.transformSchema(taken));
    assertEquals("output column 'prediction' already exists; choose another name or drop it first", exists.getMessage());
  }

  @Test
  void aRowOfTheWrongLengthFailsTheJobNamingColumnAndSizes() {
    StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, false));
    Dataset<Row> shortRows =
        spark.createDataFrame(List.of(RowFactory.create(PartitionScorer.arrayValue(new float[5]))), schema);
    SparkException e =
        assertThrows(SparkException.class, () -> new SomaTransformer(SomaDigits32.class).transform(shortRows).collectAsList());
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertEquals("column 'features' has an array of 5 values; the network takes 784", cause.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"array<float>", "array<double>", "vector"})
  void internalAndExternalRowsGiveTheSameRows(String column) {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("name", DataTypes.StringType)
            .add(
                "features",
                column.equals("vector")
                    ? SQLDataTypes.VectorType()
                    : DataTypes.createArrayType(column.equals("array<double>") ? DataTypes.DoubleType : DataTypes.FloatType, true),
                true)
            .add("weight", DataTypes.DoubleType);
    List<Row> input = new ArrayList<>();
    for (int id = 0; id < 300; id++) {
      float[] x = LocalSpark.features(id, 784);
      Object features =
          id % 7 == 3
              ? null
              : column.equals("vector")
                  ? (id % 2 == 0 ? Vectors.dense(PartitionScorer.widen(x)) : Vectors.dense(PartitionScorer.widen(x)).toSparse())
                  : column.equals("array<double>") ? PartitionScorer.arrayValue(PartitionScorer.widen(x)) : PartitionScorer.arrayValue(x);
      input.add(RowFactory.create(id, "row " + id, features, id / 4.0));
    }
    Dataset<Row> data = spark.createDataFrame(input, schema).repartition(3);
    for (String output : new String[] {"array", "vector"}) {
      SomaTransformer transformer = new SomaTransformer(SomaDigits32.class).setOutputType(output).setBlockSize(16);
      List<Row> internal = transformer.transform(data).orderBy("id").collectAsList();
      List<Row> external = transformer.external(true).transform(data).orderBy("id").collectAsList();
      transformer.external(false);
      assertEquals(300, internal.size());
      assertEquals(external, internal, column + " in, " + output + " out");
      Row nullRow = internal.get(3);
      assertEquals("row 3", nullRow.getString(1));
      assertTrue(nullRow.isNullAt(4) && nullRow.isNullAt(5), "outputs of the null row");
      Row scored = internal.get(11);
      assertEquals(2.75, scored.getDouble(3));
      assertEquals(DIGITS.digit(LocalSpark.features(11, 784)), scored.getDouble(5));
    }
  }

  @Test
  void streamingDatasetsAreScoredThroughRows(@TempDir Path dir) throws Exception {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    List<Row> input = new ArrayList<>();
    for (int id = 0; id < 60; id++) {
      input.add(RowFactory.create(id, id % 9 == 4 ? null : PartitionScorer.arrayValue(LocalSpark.features(id, 784))));
    }
    String files = dir.resolve("in").toUri().toString();
    spark.createDataFrame(input, schema).repartition(3).write().parquet(files);
    Dataset<Row> stream = spark.readStream().schema(schema).parquet(files);
    assertTrue(stream.isStreaming());
    org.apache.spark.sql.streaming.StreamingQuery query =
        new SomaTransformer(SomaDigits32.class)
            .setOutputCol("scores")
            .transform(stream)
            .writeStream()
            .format("memory")
            .queryName("scored_stream")
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .start();
    try {
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    List<Row> rows = spark.sql("SELECT id, scores, prediction FROM scored_stream").collectAsList();
    assertEquals(60, rows.size());
    for (Row row : rows) {
      int id = row.getInt(0);
      if (id % 9 == 4) {
        assertTrue(row.isNullAt(1) && row.isNullAt(2), "outputs of null row " + id);
      } else {
        float[] x = LocalSpark.features(id, 784);
        assertArrayEquals(DIGITS.scores(x), floats(row, "scores"), "row " + id);
        assertEquals(DIGITS.digit(x), row.getDouble(2), "prediction of row " + id);
      }
    }
  }

  @Test
  void aNullElementFailsTheJobNamingColumnAndIndex() {
    StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType, true));
    Object[] values = new Object[784];
    Arrays.fill(values, 0.5f);
    values[17] = null;
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(scala.collection.mutable.ArraySeq.make(values))), schema);
    for (boolean external : new boolean[] {false, true}) {
      SparkException e =
          assertThrows(
              SparkException.class,
              () -> new SomaTransformer(SomaDigits32.class).external(external).transform(rows).collectAsList());
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      assertTrue(
          cause.getMessage().startsWith("column 'features' has an array with a null element at index 17;"),
          cause.getMessage());
    }
  }

  @Test
  void oneInstancePerJvmForBakedNetworksAndPerBroadcastForRunTimeWeights() {
    String digits = SomaDigits32.class.getName();
    assertSame(Networks.baked(digits), Networks.baked(digits));
    Networks.Weights weights = new Networks.Weights(SomaTagger.class.getName(), SomaTagger.random(1).weights(), SomaTagger.random(1).biases());
    Object first = Networks.weighted(-1, weights);
    assertSame(first, Networks.weighted(-1, weights));
    assertNotSame(first, Networks.weighted(-2, weights));
  }

  @Test
  void networksWithoutAnArrayFormOrWithoutBakedWeightsAreRefused() {
    IllegalArgumentException noForm = assertThrows(IllegalArgumentException.class, () -> new SomaTransformer(PickOnly.class));
    assertTrue(noForm.getMessage().startsWith("dev.soma.spark.PickOnly declares no method computing all outputs"), noForm.getMessage());
    IllegalArgumentException runTime = assertThrows(IllegalArgumentException.class, () -> new SomaTransformer(SomaTagger.class));
    assertTrue(runTime.getMessage().contains("weights are given at run time"), runTime.getMessage());
    assertFalse(new SomaTransformer(SomaDigits32.class).copy(new org.apache.spark.ml.param.ParamMap()).hasWeights());
  }
}
