package dev.soma.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of one partition, scored in blocks: reads up to {@link Scoring#blockSize()} rows, runs
 * the non-null inputs through the network in one batched call (or one call per row where the
 * interface has no batched form), then hands out each row with its outputs appended (null outputs
 * for a null input). Subclasses say how a row of their kind is read and extended.
 *
 * @param <R> the row type: Spark's external {@code Row} or its {@code InternalRow}
 */
abstract class ScoredBlocks<R> implements Iterator<R> {
  private final Iterator<R> rows;
  private final NetworkForms forms;
  private final Object network;
  private final Object[] xs;
  private final Object[] ys;
  private final Object[] block;
  /** For each row of the block, its index in xs/ys, or -1 for a null input. */
  private final int[] slot;
  private int size;
  private int next;

  /** The input column's values, for {@link #read}. */
  protected final Features features;

  ScoredBlocks(Iterator<R> rows, Scoring scoring) {
    this.rows = rows;
    this.forms = scoring.forms();
    this.network = scoring.network();
    int n = scoring.blockSize();
    this.xs = forms.doubles() ? new double[n][forms.inputs()] : new float[n][forms.inputs()];
    this.ys = forms.doubles() ? new double[n][forms.outputs()] : new float[n][forms.outputs()];
    this.block = new Object[n];
    this.slot = new int[n];
    this.features = new Features("column '" + scoring.inputCol() + "'", forms.inputs());
  }

  /**
   * Copies {@code row}'s input into {@code x} ({@code float[]} or {@code double[]}); false, with
   * {@code x} untouched, for a null input.
   */
  protected abstract boolean read(R row, Object x);

  /** The row to hold in the block until its outputs are known: a copy where rows are reused. */
  protected R keep(R row) {
    return row;
  }

  /** {@code row} with the outputs {@code y} appended; {@code y} null for a null input. */
  protected abstract R extend(R row, Object y);

  @Override
  public final boolean hasNext() {
    if (next < size) {
      return true;
    }
    fill();
    return size > 0;
  }

  @Override
  public final R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    @SuppressWarnings("unchecked")
    R row = (R) block[next];
    int s = slot[next];
    block[next++] = null;
    return extend(row, s < 0 ? null : ys[s]);
  }

  private void fill() {
    size = 0;
    next = 0;
    int scored = 0;
    while (size < block.length && rows.hasNext()) {
      R row = keep(rows.next());
      slot[size] = read(row, xs[scored]) ? scored++ : -1;
      block[size++] = row;
    }
    if (scored > 0) {
      forms.forward(network, xs, ys, scored);
    }
  }
}
