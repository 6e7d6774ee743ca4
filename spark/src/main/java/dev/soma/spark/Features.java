package dev.soma.spark;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Copies one input value, as Spark hands it to Java (a Spark ML {@link Vector}, dense or sparse,
 * or a Scala sequence of boxed {@code Float}/{@code Double} for {@code array<float>} and {@code
 * array<double>}), into a network's input row ({@code float[]} or {@code double[]}). A float
 * reaches a float row unchanged; doubles are rounded to float for a float row.
 */
final class Features {
  /** Where the values come from, for messages: {@code column 'features'}. */
  private final String source;
  private final int inputs;
  private final double[] scratch;

  Features(String source, int inputs) {
    this.source = source;
    this.inputs = inputs;
    this.scratch = new double[inputs];
  }

  /**
   * Fills {@code row} from {@code value}; returns false (row untouched) for null.
   *
   * @throws IllegalArgumentException for a wrong length or a null element, naming the source and
   *     both sizes
   */
  boolean fill(Object value, Object row) {
    if (value == null) {
      return false;
    }
    if (value instanceof DenseVector) {
      double[] values = ((DenseVector) value).values();
      check(values.length, "a vector");
      copy(values, row);
    } else if (value instanceof SparseVector) {
      SparseVector sparse = (SparseVector) value;
      check(sparse.size(), "a vector");
      java.util.Arrays.fill(scratch, 0);
      int[] indices = sparse.indices();
      double[] values = sparse.values();
      for (int k = 0; k < indices.length; k++) {
        scratch[indices[k]] = values[k];
      }
      copy(scratch, row);
    } else if (value instanceof scala.collection.mutable.ArraySeq.ofFloat floats) {
      check(floats.array().length, "an array");
      copy(floats.array(), row);
    } else if (value instanceof scala.collection.mutable.ArraySeq.ofDouble doubles) {
      check(doubles.array().length, "an array");
      copy(doubles.array(), row);
    } else if (value instanceof scala.collection.mutable.ArraySeq.ofRef<?> boxed) {
      Object[] elements = boxed.array();
      check(elements.length, "an array");
      for (int i = 0; i < inputs; i++) {
        put(elements[i], i, row);
      }
    } else if (value instanceof scala.collection.Seq) {
      scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
      check(seq.length(), "an array");
      scala.collection.Iterator<?> it = seq.iterator();
      for (int i = 0; i < inputs; i++) {
        put(it.next(), i, row);
      }
    } else {
      throw new IllegalArgumentException(
          source + " holds a " + value.getClass().getName()
              + "; expected array<float>, array<double> or a Spark ML vector");
    }
    return true;
  }

  /**
   * Fills {@code row} from an {@code array<float>} ({@code doubles} false) or {@code array<double>}
   * value in Spark's internal form, element by element without boxing; {@code containsNull} says
   * whether the column's type allows null elements, which are then looked for.
   *
   * @throws IllegalArgumentException as {@link #fill(Object, Object)}
   */
  void fill(org.apache.spark.sql.catalyst.util.ArrayData value, boolean doubles, boolean containsNull, Object row) {
    check(value.numElements(), "an array");
    if (containsNull) {
      for (int i = 0; i < inputs; i++) {
        if (value.isNullAt(i)) {
          throw nullElement(i);
        }
      }
    }
    if (row instanceof float[] to) {
      if (doubles) {
        for (int i = 0; i < inputs; i++) {
          to[i] = (float) value.getDouble(i);
        }
      } else {
        for (int i = 0; i < inputs; i++) {
          to[i] = value.getFloat(i);
        }
      }
    } else {
      double[] to = (double[]) row;
      for (int i = 0; i < inputs; i++) {
        to[i] = doubles ? value.getDouble(i) : value.getFloat(i);
      }
    }
  }

  private void check(int length, String what) {
    if (length != inputs) {
      throw new IllegalArgumentException(
          source + " has " + what + " of " + length + (length == 1 ? " value" : " values") + "; the network takes " + inputs);
    }
  }

  /** Element {@code i} of an array column, boxed as Spark hands it, into {@code row[i]}. */
  private void put(Object element, int i, Object row) {
    if (element == null) {
      throw nullElement(i);
    }
    if (row instanceof float[] to) {
      // a Float reaches a float network unchanged; any other number is rounded from its double value
      to[i] = element instanceof Float f ? f : (float) ((Number) element).doubleValue();
    } else {
      ((double[]) row)[i] = ((Number) element).doubleValue();
    }
  }

  private IllegalArgumentException nullElement(int i) {
    return new IllegalArgumentException(
        source + " has an array with a null element at index " + i
            + "; a network takes no missing values (replace them, or null the whole array to get null outputs)");
  }

  private void copy(float[] from, Object row) {
    if (row instanceof float[] to) {
      System.arraycopy(from, 0, to, 0, inputs);
    } else {
      double[] to = (double[]) row;
      for (int i = 0; i < inputs; i++) {
        to[i] = from[i];
      }
    }
  }

  private static void copy(double[] from, Object row) {
    if (row instanceof double[]) {
      System.arraycopy(from, 0, row, 0, from.length);
    } else {
      float[] to = (float[]) row;
      for (int i = 0; i < to.length; i++) {
        to[i] = (float) from[i];
      }
    }
  }
}
