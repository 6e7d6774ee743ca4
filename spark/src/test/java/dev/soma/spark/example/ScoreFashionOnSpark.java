package dev.soma.spark.example;

import dev.soma.train.Loss;
import dev.soma.train.Optimizer;
import dev.soma.train.TrainingOptions;
import dev.soma.spark.Idx;
import dev.soma.spark.SomaSpark;
import dev.soma.spark.SomaTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains {@link FashionClassifier} on Fashion-MNIST for one epoch in Java, then scores the 10,000
 * test images on Spark ({@code local[*]}) as a pipeline stage and as a SQL function, saves the
 * pipeline and loads it back. Without the data it scores 10,000 random images with random weights,
 * to show the mechanics.
 *
 * <pre>
 * mvn -B -q -pl spark -am process-test-classes -Pexample      # from the repository root
 * </pre>
 *
 * Arguments (with {@code -Dexample.args="..."}): a directory holding Fashion-MNIST's four files
 * (default {@code /usr/share/datasets/fashion-mnist}).
 */
public final class ScoreFashionOnSpark {
  private ScoreFashionOnSpark() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Idx.FASHION_MNIST;
    float[][] images;
    int[] labels;
    SomaFashionClassifier model;
    if (Files.isRegularFile(dir.resolve("t10k-images-idx3-ubyte.gz"))) {
      long start = System.nanoTime();
      model =
          new SomaFashionClassifierTrainer(
                  TrainingOptions.of(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam(1e-3)).batchSize(64).epochs(1).seed(42))
              .fit(Idx.images(dir.resolve("train-images-idx3-ubyte.gz")), Idx.labels(dir.resolve("train-labels-idx1-ubyte.gz")));
      System.out.printf("trained 784-64-10 on 60,000 images for one epoch in %.1f s%n", (System.nanoTime() - start) / 1e9);
      images = Idx.images(dir.resolve("t10k-images-idx3-ubyte.gz"));
      labels = Idx.labels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    } else {
      System.out.println(
          "Fashion-MNIST not found in " + dir + " (apt-get install dataset-fashion-mnist, or pass a directory);"
              + " scoring random images with random weights instead");
      model = SomaFashionClassifier.random(42);
      SplittableRandom random = new SplittableRandom(42);
      images = new float[10_000][784];
      labels = new int[images.length];
      for (float[] image : images) {
        for (int p = 0; p < image.length; p++) {
          image[p] = (float) random.nextDouble();
        }
      }
    }

    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("soma-example")
            .config("spark.ui.enabled", "false")
            // local mode on the loopback interface only
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      List<Row> rows = new ArrayList<>();
      for (int n = 0; n < images.length; n++) {
        double[] pixels = new double[images[n].length];
        for (int p = 0; p < pixels.length; p++) {
          pixels[p] = images[n][p];
        }
        rows.add(RowFactory.create((double) labels[n], Vectors.dense(pixels)));
      }
      StructType schema = new StructType().add("label", DataTypes.DoubleType).add("image", SQLDataTypes.VectorType());
      Dataset<Row> test = spark.createDataFrame(rows, schema).repartition(4).cache();

      // 1. A pipeline stage: the weights go with the transformer (broadcast once) and are saved with it.
      SomaTransformer soma = new SomaTransformer(model).setInputCol("image").setOutputCol("probabilities");
      PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {soma}).fit(test);
      Dataset<Row> scored = pipeline.transform(test);
      scored.select("label", "prediction", "probabilities").show(5, false);
      MulticlassClassificationEvaluator accuracy =
          new MulticlassClassificationEvaluator().setLabelCol("label").setPredictionCol("prediction").setMetricName("accuracy");
      System.out.printf("accuracy on %,d test images: %.2f %%%n", images.length, 100 * accuracy.evaluate(scored));

      // 2. Save and load the pipeline.
      Path saved = Files.createTempDirectory("soma-pipeline").resolve("fashion");
      pipeline.write().overwrite().save(saved.toString());
      PipelineModel loaded = PipelineModel.load(saved.toString());
      System.out.printf("saved to %s and loaded: accuracy %.2f %%%n", saved, 100 * accuracy.evaluate(loaded.transform(test)));

      // 3. A SQL function.
      SomaSpark.register(spark, "classify", model, null);
      test.createOrReplaceTempView("images");
      spark.sql("SELECT classify(image) AS class, count(*) AS images FROM images GROUP BY 1 ORDER BY 1").show();
    } finally {
      spark.stop();
    }
  }
}
