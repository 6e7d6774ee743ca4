package dev.soma.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores one partition of Spark's internal rows, as {@link PartitionScorer} does external ones:
 * blocks of up to {@code blockSize} rows through the network's batched form, each input row
 * emitted with the output and prediction columns appended (null for a null input). Array columns
 * are read element by element from Spark's own array data and written back as primitive arrays, so
 * no value is boxed on the way in or out, where the external rows box every element of an array.
 */
final class InternalRowScorer implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private static final VectorUDT VECTORS = new VectorUDT();
  /** Fields of a vector's internal struct. */
  private static final int VECTOR_FIELDS = VECTORS.sqlType().size();

  private final Scoring scoring;
  private final DataType inputType;
  private final StructType schema;

  /** {@code inputType}: the input column's; {@code schema}: the output rows' (the input's columns, then the added ones). */
  InternalRowScorer(Scoring scoring, DataType inputType, StructType schema) {
    this.scoring = scoring;
    this.inputType = inputType;
    this.schema = schema;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    return new Blocks(rows);
  }

  private final class Blocks extends ScoredBlocks<InternalRow> {
    private final boolean arrays = inputType instanceof ArrayType;
    private final boolean doubles = arrays && ((ArrayType) inputType).elementType().equals(DataTypes.DoubleType);
    private final boolean containsNull = arrays && ((ArrayType) inputType).containsNull();
    private final UnsafeProjection project = UnsafeProjection.create(schema);
    private final JoinedRow joined = new JoinedRow();
    private final GenericInternalRow added = new GenericInternalRow(scoring.added());

    Blocks(Iterator<InternalRow> rows) {
      super(rows, scoring);
    }

    @Override
    protected InternalRow keep(InternalRow row) {
      // the iterator may hand the same row object each time
      return row.copy();
    }

    @Override
    protected boolean read(InternalRow row, Object x) {
      int input = scoring.inputIndex();
      if (row.isNullAt(input)) {
        return false;
      }
      if (arrays) {
        features.fill(row.getArray(input), doubles, containsNull, x);
      } else {
        features.fill(VECTORS.deserialize(row.getStruct(input, VECTOR_FIELDS)), x);
      }
      return true;
    }

    @Override
    protected InternalRow extend(InternalRow row, Object y) {
      int at = 0;
      if (scoring.output() != Scoring.Output.NONE) {
        added.update(at++, y == null ? null : scoring.output() == Scoring.Output.VECTOR ? vector(y) : array(y));
      }
      if (scoring.prediction()) {
        added.update(at, y == null ? null : (double) PartitionScorer.argmax(y));
      }
      // the projection writes into one buffer per partition, which Spark's operators copy or consume
      return project.apply(joined.apply(row, added));
    }
  }

  private static UnsafeArrayData array(Object y) {
    return y instanceof float[] ? UnsafeArrayData.fromPrimitiveArray((float[]) y) : UnsafeArrayData.fromPrimitiveArray((double[]) y);
  }

  private static InternalRow vector(Object y) {
    return VECTORS.serialize(PartitionScorer.vectorValue(y));
  }
}
