package dev.soma.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition: reads up to {@code blockSize} rows, runs the non-null ones through the
 * network in one batched call (or one call per row where the interface has no batched form), and
 * emits each input row with the output and prediction columns appended (null for a null input).
 * Holds only names, indices and the weights' broadcast; the network instance comes from {@link
 * Networks} on the executor.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** How the outputs column is written. */
  enum Output {
    NONE,
    ARRAY,
    VECTOR
  }

  private final String className;
  private final String inputCol;
  private final int inputIndex;
  private final Output output;
  private final boolean prediction;
  private final int blockSize;
  private final Broadcast<Networks.Weights> weights;

  PartitionScorer(
      String className,
      String inputCol,
      int inputIndex,
      Output output,
      boolean prediction,
      int blockSize,
      Broadcast<Networks.Weights> weights) {
    this.className = className;
    this.inputCol = inputCol;
    this.inputIndex = inputIndex;
    this.output = output;
    this.prediction = prediction;
    this.blockSize = blockSize;
    this.weights = weights;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    NetworkForms forms = Networks.forms(className);
    Object network =
        weights == null ? Networks.baked(className) : Networks.weighted(weights.id(), weights.value());
    return new Blocks(rows, forms, network);
  }

  /** The argmax of {@code y}, the first on ties: what the generated {@code int m(T[] x)} returns. */
  static int argmax(Object y) {
    int best = 0;
    if (y instanceof float[]) {
      float[] f = (float[]) y;
      for (int i = 1; i < f.length; i++) {
        if (f[i] > f[best]) {
          best = i;
        }
      }
    } else {
      double[] d = (double[]) y;
      for (int i = 1; i < d.length; i++) {
        if (d[i] > d[best]) {
          best = i;
        }
      }
    }
    return best;
  }

  /** {@code y} as Spark's external value of {@code array<float>} / {@code array<double>}. */
  static Object arrayValue(Object y) {
    Object copy = y instanceof float[] ? ((float[]) y).clone() : ((double[]) y).clone();
    return scala.collection.mutable.ArraySeq.make(copy);
  }

  /** {@code y} as a dense Spark ML vector. */
  static DenseVector vectorValue(Object y) {
    return new DenseVector(y instanceof double[] ? ((double[]) y).clone() : widen((float[]) y));
  }

  /** {@code f} in double, exactly. */
  static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private final class Blocks implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final NetworkForms forms;
    private final Object network;
    private final Features features;
    private final Object[] xs;
    private final Object[] ys;
    private final Row[] block;
    /** For each row of the block, its index in xs/ys, or -1 for a null input. */
    private final int[] slot;
    private int size;
    private int next;

    Blocks(Iterator<Row> rows, NetworkForms forms, Object network) {
      this.rows = rows;
      this.forms = forms;
      this.network = network;
      this.features = new Features("column '" + inputCol + "'", forms.inputs());
      this.xs = forms.doubles() ? new double[blockSize][forms.inputs()] : new float[blockSize][forms.inputs()];
      this.ys = forms.doubles() ? new double[blockSize][forms.outputs()] : new float[blockSize][forms.outputs()];
      this.block = new Row[blockSize];
      this.slot = new int[blockSize];
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
      Row row = block[next];
      int s = slot[next];
      block[next++] = null;
      return append(row, s < 0 ? null : ys[s]);
    }

    private void fill() {
      size = 0;
      next = 0;
      int scored = 0;
      while (size < blockSize && rows.hasNext()) {
        Row row = rows.next();
        Object value = row.isNullAt(inputIndex) ? null : row.get(inputIndex);
        boolean present = features.fill(value, xs[scored]);
        slot[size] = present ? scored++ : -1;
        block[size++] = row;
      }
      if (scored > 0) {
        forms.forward(network, xs, ys, scored);
      }
    }

    private Row append(Row row, Object y) {
      int width = row.length();
      Object[] values = new Object[width + (output == Output.NONE ? 0 : 1) + (prediction ? 1 : 0)];
      for (int i = 0; i < width; i++) {
        values[i] = row.get(i);
      }
      int at = width;
      if (output != Output.NONE) {
        values[at++] = y == null ? null : output == Output.VECTOR ? vectorValue(y) : arrayValue(y);
      }
      if (prediction) {
        values[at] = y == null ? null : (double) argmax(y);
      }
      return RowFactory.create(values);
    }
  }
}
