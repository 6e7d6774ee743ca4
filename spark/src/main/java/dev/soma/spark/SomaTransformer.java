package dev.soma.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that runs a Soma-generated network on a column of feature
 * vectors:
 *
 * <pre>{@code
 * new SomaTransformer(SomaDigits.class)           // baked weights; or an instance with run-time weights
 *     .setInputCol("features")                    // array<float>, array<double> or a Spark ML vector
 *     .setOutputCol("probabilities")              // array<float> (array<double> for double networks), or a vector
 *     .setPredictionCol("prediction")             // the argmax as double, as Spark ML classifiers give it
 *     .transform(images);
 * }</pre>
 *
 * <p>Rows are scored per partition in blocks of {@link #blockSize()} rows through the interface's
 * batched form {@code void m(T[][] xs, T[][] ys)} (else {@code void m(T[] x, T[] y)} or {@code T[]
 * m(T[] x)}, one call per row). Each executor JVM creates the network once: from its class name when
 * the weights are baked in, from the weights broadcast once per transformer and session otherwise.
 * A batch dataset is scored as Spark's internal rows, so array columns are read and written as
 * primitive arrays; a streaming one (or one of another Spark implementation than the classic one)
 * through {@code mapPartitions} on external {@code Row}s, which box each array element.
 *
 * <p><b>Nulls</b>: a null input gives null outputs and a null prediction; the row is kept. An
 * array with a null element, or of the wrong length, fails the task with an {@link
 * IllegalArgumentException} naming the column and both lengths.
 *
 * <p>Saved and loaded with {@link #write()} / {@link #load(String)}, alone or inside a {@code
 * PipelineModel}: the parameters (the generated class recorded by name) as Spark ML metadata, and
 * for run-time-weight networks the weights as {@code data/weights.safetensors} (the generated
 * class's {@code save} format).
 */
public final class SomaTransformer extends Transformer implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** File of the weights inside a saved transformer, for networks with run-time weights. */
  static final String WEIGHTS_FILE = "data/weights.safetensors";

  private final String uid;
  private final Param<String> network;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> predictionCol;
  private final Param<String> outputType;
  private final IntParam blockSize;

  /** Run-time weights ({@code T[][]} each), or null for baked networks. */
  private Object weights;
  private Object biases;

  private transient Broadcast<Networks.Weights> broadcast;
  private transient SparkContext broadcastContext;
  /** Take external rows always (tests); see {@link #external(boolean)}. */
  private transient boolean external;

  /** A transformer with no network yet: for Spark ML's reader and {@link #copy}. */
  public SomaTransformer(String uid) {
    this.uid = uid;
    this.network = new Param<>(this, "network", "binary name of the Soma-generated class");
    this.inputCol = new Param<>(this, "inputCol", "input column: array<float>, array<double> or a vector");
    this.outputCol =
        new Param<>(this, "outputCol", "column of the network's outputs; empty for none");
    this.predictionCol =
        new Param<>(this, "predictionCol", "column of the argmax of the outputs, as double; empty for none");
    this.outputType =
        new Param<>(
            this,
            "outputType",
            "type of the output column: array (array<float>, or array<double> for double networks) or vector",
            ParamValidators.inArray(new String[] {"array", "vector"}));
    this.blockSize =
        new IntParam(this, "blockSize", "rows per batched call of the network", ParamValidators.gtEq(1));
    setDefault(inputCol, "features");
    setDefault(outputCol, "output");
    setDefault(predictionCol, "prediction");
    setDefault(outputType, "array");
    setDefault(blockSize, 256);
  }

  /**
   * A transformer for a network whose weights are baked in: the generated class {@code Soma<Name>}
   * or its {@code @Network} interface.
   *
   * @throws IllegalArgumentException if the class is not a Soma network with an array form, or
   *     takes its weights at run time (pass an instance then)
   */
  public SomaTransformer(Class<?> networkClass) {
    this(Identifiable.randomUID("soma"));
    NetworkForms forms = NetworkForms.of(networkClass).requireOutputs();
    forms.create();
    set(network, forms.generated().getName());
  }

  /**
   * A transformer for a network instance: its weights are held by the transformer, broadcast to the
   * executors and saved with it. An instance of a class with baked weights is used by class name.
   */
  public SomaTransformer(Object networkInstance) {
    this(Identifiable.randomUID("soma"));
    if (networkInstance instanceof Class) {
      throw new IllegalArgumentException("pass the class as Class<?>, not as Object");
    }
    NetworkForms forms = NetworkForms.of(networkInstance.getClass()).requireOutputs();
    set(network, forms.generated().getName());
    if (!forms.baked()) {
      this.weights = forms.parameters(networkInstance, "weights");
      this.biases = forms.parameters(networkInstance, "biases");
    }
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The binary name of the generated class. */
  public Param<String> network() {
    return network;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> outputType() {
    return outputType;
  }

  public IntParam blockSize() {
    return blockSize;
  }

  public String getNetwork() {
    return $(network);
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public String getOutputType() {
    return $(outputType);
  }

  public int getBlockSize() {
    return (Integer) $(blockSize);
  }

  public SomaTransformer setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /** The outputs column; {@code ""} for none. */
  public SomaTransformer setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /** The prediction (argmax) column; {@code ""} for none. */
  public SomaTransformer setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  /** {@code "array"} (the default) or {@code "vector"}. */
  public SomaTransformer setOutputType(String value) {
    set(outputType, value);
    return this;
  }

  public SomaTransformer setBlockSize(int value) {
    set(blockSize, value);
    return this;
  }

  /** The forms of the network, resolved from its class name. */
  NetworkForms forms() {
    if (!isDefined(network)) {
      throw new IllegalStateException("SomaTransformer " + uid + " has no network");
    }
    return Networks.forms(getNetwork()).requireOutputs();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    NetworkForms forms = forms();
    String name = forms.generated().getSimpleName();
    String in = getInputCol();
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException(
          "input column '" + in + "' does not exist; the columns are " + String.join(", ", schema.fieldNames()));
    }
    StructField field = schema.apply(in);
    DataType type = field.dataType();
    boolean array =
        type instanceof ArrayType
            && (((ArrayType) type).elementType() == DataTypes.FloatType
                || ((ArrayType) type).elementType() == DataTypes.DoubleType);
    if (!array && !(type instanceof VectorUDT)) {
      throw new IllegalArgumentException(
          "input column '" + in + "' has type " + type.simpleString() + "; " + name + " takes array<float>,"
              + " array<double> or a Spark ML vector of " + forms.inputs() + " values");
    }
    if (type instanceof VectorUDT) {
      int size = AttributeGroup.fromStructField(field).size();
      if (size >= 0 && size != forms.inputs()) {
        throw new IllegalArgumentException(
            "input column '" + in + "' holds vectors of " + size + " values (its ML attributes say so); "
                + name + " takes " + forms.inputs());
      }
    }
    StructType out = schema;
    String output = getOutputCol();
    String prediction = getPredictionCol();
    if (!output.isEmpty() && output.equals(prediction)) {
      throw new IllegalArgumentException(
          "outputCol and predictionCol are both '" + output + "'; give them different names, or \"\" to leave one out");
    }
    if (!output.isEmpty()) {
      out = out.add(new StructField(output, outputDataType(forms), true, outputMetadata(forms, output)));
    }
    if (!prediction.isEmpty()) {
      out = out.add(new StructField(prediction, DataTypes.DoubleType, true, org.apache.spark.sql.types.Metadata.empty()));
    }
    for (String added : new String[] {output, prediction}) {
      if (!added.isEmpty() && Arrays.asList(schema.fieldNames()).contains(added)) {
        throw new IllegalArgumentException(
            "output column '" + added + "' already exists; choose another name or drop it first");
      }
    }
    return out;
  }

  private DataType outputDataType(NetworkForms forms) {
    if ("vector".equals(getOutputType())) {
      return SQLDataTypes.VectorType();
    }
    return DataTypes.createArrayType(forms.doubles() ? DataTypes.DoubleType : DataTypes.FloatType, false);
  }

  private org.apache.spark.sql.types.Metadata outputMetadata(NetworkForms forms, String output) {
    return "vector".equals(getOutputType())
        ? new AttributeGroup(output, forms.outputs()).toMetadata()
        : org.apache.spark.sql.types.Metadata.empty();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema());
    NetworkForms forms = forms();
    String output = getOutputCol();
    Scoring.Output kind =
        output.isEmpty()
            ? Scoring.Output.NONE
            : "vector".equals(getOutputType()) ? Scoring.Output.VECTOR : Scoring.Output.ARRAY;
    int inputIndex = dataset.schema().fieldIndex(getInputCol());
    Scoring scoring =
        new Scoring(
            forms.generated().getName(),
            getInputCol(),
            inputIndex,
            kind,
            !getPredictionCol().isEmpty(),
            getBlockSize(),
            broadcast(dataset.sparkSession().sparkContext(), forms));
    if (!external && !dataset.isStreaming()
        && dataset instanceof org.apache.spark.sql.classic.Dataset<?> classic
        && dataset.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession session) {
      // Spark's internal rows: arrays read and written without boxing each element
      InternalRowScorer scorer =
          new InternalRowScorer(scoring, dataset.schema().fields()[inputIndex].dataType(), schema);
      RDD<InternalRow> scored = classic.toDF().queryExecution().toRdd().toJavaRDD().mapPartitions(scorer).rdd();
      return session.internalCreateDataFrame(scored, schema, false);
    }
    return dataset.toDF().mapPartitions(new PartitionScorer(scoring), Encoders.row(schema));
  }

  /**
   * Whether {@link #transform} takes Spark's external rows ({@code Row}) even where it could take
   * its internal ones; for tests that compare the two paths.
   */
  SomaTransformer external(boolean external) {
    this.external = external;
    return this;
  }

  /** The weights broadcast once per transformer and Spark context; null for baked networks. */
  private synchronized Broadcast<Networks.Weights> broadcast(SparkContext context, NetworkForms forms) {
    if (weights == null) {
      return null;
    }
    if (broadcast == null || broadcastContext != context || context.isStopped()) {
      broadcast =
          JavaSparkContext.fromSparkContext(context)
              .broadcast(new Networks.Weights(forms.generated().getName(), weights, biases));
      broadcastContext = context;
    }
    return broadcast;
  }

  @Override
  public SomaTransformer copy(ParamMap extra) {
    SomaTransformer copy = new SomaTransformer(uid);
    copy.weights = weights;
    copy.biases = biases;
    return copyValues(copy, extra);
  }

  /** Whether the transformer holds run-time weights (saved with it). */
  public boolean hasWeights() {
    return weights != null;
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<SomaTransformer> read() {
    return new Reader();
  }

  public static SomaTransformer load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "SomaTransformer(" + uid + ", " + (isDefined(network) ? getNetwork() : "no network") + ")";
  }

  /** Writes the parameters as Spark ML metadata and run-time weights as safetensors. */
  private static final class Writer extends MLWriter {
    private final SomaTransformer instance;

    Writer(SomaTransformer instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sparkSession(), scala.Option.empty(), scala.Option.empty());
      if (instance.weights == null) {
        return;
      }
      NetworkForms forms = instance.forms();
      Object network = forms.create(instance.weights, instance.biases);
      try {
        java.nio.file.Path local = Files.createTempFile("soma-weights", ".safetensors");
        try {
          Method save = forms.generated().getMethod("save", java.nio.file.Path.class);
          NetworkForms.invoke(save, network, local);
          Path target = new Path(path, WEIGHTS_FILE);
          FileSystem fs = target.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
          fs.copyFromLocalFile(false, true, new Path(local.toUri()), target);
        } finally {
          Files.deleteIfExists(local);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not save the weights of " + forms.generated().getName(), e);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(forms.generated().getName() + " has no save(Path)", e);
      }
    }
  }

  /** Reads what {@link Writer} wrote. */
  private static final class Reader extends MLReader<SomaTransformer> {
    @Override
    public SomaTransformer load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sparkSession(), SomaTransformer.class.getName());
      SomaTransformer transformer = new SomaTransformer(metadata.uid());
      metadata.getAndSetParams(transformer, scala.Option.empty());
      NetworkForms forms = transformer.forms();
      if (forms.baked()) {
        return transformer;
      }
      Path file = new Path(path, WEIGHTS_FILE);
      try {
        FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        Object network;
        try (InputStream in = fs.open(file)) {
          network = NetworkForms.invoke(forms.generated().getMethod("load", InputStream.class), null, in);
        }
        transformer.weights = forms.parameters(network, "weights");
        transformer.biases = forms.parameters(network, "biases");
        return transformer;
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the weights of " + forms.generated().getName() + " from " + file, e);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(forms.generated().getName() + " has no load(InputStream)", e);
      }
    }
  }
}
