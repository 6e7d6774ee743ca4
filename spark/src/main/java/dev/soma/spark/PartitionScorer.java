package dev.soma.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition of external rows ({@code Row}, for streaming datasets; batch datasets go
 * through {@link InternalRowScorer}): reads up to {@code blockSize} rows, runs the non-null ones
 * through the network in one batched call (or one call per row where the interface has no batched
 * form), and emits each input row with the output and prediction columns appended (null for a null
 * input). Holds only the {@link Scoring}; the network instance comes from {@link Networks} on the
 * executor.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Scoring scoring;

  PartitionScorer(Scoring scoring) {
    this.scoring = scoring;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Blocks(rows);
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

  private final class Blocks extends ScoredBlocks<Row> {
    Blocks(Iterator<Row> rows) {
      super(rows, scoring);
    }

    @Override
    protected boolean read(Row row, Object x) {
      int input = scoring.inputIndex();
      return features.fill(row.isNullAt(input) ? null : row.get(input), x);
    }

    @Override
    protected Row extend(Row row, Object y) {
      int width = row.length();
      Object[] values = new Object[width + scoring.added()];
      for (int i = 0; i < width; i++) {
        values[i] = row.get(i);
      }
      int at = width;
      if (scoring.output() != Scoring.Output.NONE) {
        values[at++] = y == null ? null : scoring.output() == Scoring.Output.VECTOR ? vectorValue(y) : arrayValue(y);
      }
      if (scoring.prediction()) {
        values[at] = y == null ? null : (double) argmax(y);
      }
      return RowFactory.create(values);
    }
  }
}
