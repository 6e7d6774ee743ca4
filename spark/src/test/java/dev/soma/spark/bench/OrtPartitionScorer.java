package dev.soma.spark.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a partition with ONNX Runtime the way its users do it on Spark: one {@code OrtSession} per
 * partition (created on the executor from the model's bytes, one intra-op and one inter-op thread,
 * since Spark runs one task per core), rows read in batches of {@code batch} into one {@code
 * [rows, 784]} tensor, each input row emitted with its probabilities appended as {@code
 * array<float>}. The input column is read as the Soma transformer reads it (a {@code Seq} of
 * floats), and the output appended as it appends it.
 */
final class OrtPartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final byte[] model;
  private final int inputIndex;
  private final int inputs;
  private final int batch;

  OrtPartitionScorer(byte[] model, int inputIndex, int inputs, int batch) {
    this.model = model.clone();
    this.inputIndex = inputIndex;
    this.inputs = inputs;
    this.batch = batch;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    OrtSession session = environment.createSession(model, options);
    return new Batches(rows, environment, session, options);
  }

  private final class Batches implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final String inputName;
    private final float[] x = new float[batch * inputs];
    private final Row[] block = new Row[batch];
    private float[][] y = new float[0][];
    private int size;
    private int next;
    private boolean closed;

    Batches(Iterator<Row> rows, OrtEnvironment environment, OrtSession session, OrtSession.SessionOptions options) {
      this.rows = rows;
      this.environment = environment;
      this.session = session;
      this.options = options;
      this.inputName = session.getInputNames().iterator().next();
    }

    @Override
    public boolean hasNext() {
      if (next < size) {
        return true;
      }
      fill();
      return size > 0;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int r = next++;
      Row row = block[r];
      block[r] = null;
      Object[] values = new Object[row.length() + 1];
      for (int i = 0; i < row.length(); i++) {
        values[i] = row.get(i);
      }
      values[row.length()] = scala.collection.mutable.ArraySeq.make(y[r]);
      return RowFactory.create(values);
    }

    private void fill() {
      size = 0;
      next = 0;
      while (size < batch && rows.hasNext()) {
        Row row = rows.next();
        block[size] = row;
        scala.collection.Iterator<?> it = ((scala.collection.Seq<?>) row.get(inputIndex)).iterator();
        int offset = size * inputs;
        for (int i = 0; i < inputs; i++) {
          x[offset + i] = ((Number) it.next()).floatValue();
        }
        size++;
      }
      if (size == 0) {
        close();
        return;
      }
      try (OnnxTensor tensor =
              OnnxTensor.createTensor(environment, FloatBuffer.wrap(x, 0, size * inputs), new long[] {size, inputs});
          OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
        y = (float[][]) result.get(0).getValue();
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed on a batch of " + size + " rows", e);
      }
    }

    private void close() {
      if (!closed) {
        closed = true;
        try {
          session.close();
          options.close();
        } catch (OrtException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
