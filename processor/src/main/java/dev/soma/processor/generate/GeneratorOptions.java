package dev.soma.processor.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The processor options that change generated code. They exist to measure Soma's own thresholds
 * (the benchmarks build the same networks in each form) and are internal: users never need them.
 *
 * <ul>
 *   <li>{@code -Asoma.codeStrategy=auto|unrolled|loops}: {@code auto} (the default) lets {@link
 *       dev.soma.processor.generate.forward.CodeStrategy#choose} decide; {@code loops} writes every network as loops; {@code unrolled}
 *       unrolls every network of at most {@link dev.soma.processor.generate.forward.CodeStrategy#MAX_FORCED_UNROLLED_TERMS}
 *       multiply-adds.
 *   <li>{@code -Asoma.batchShape=block,rows,columns}: the batched form's inputs per block, rows
 *       per pass and weight columns per pass (default {@code 12,3,4}).
 *   <li>{@code -Asoma.simdTile=wideRows,wideVectors,narrowRows,narrowVectors}: the register tile of
 *       the Vector API batched kernel ({@link dev.soma.processor.generate.forward.SimdBatchedForward})
 *       on CPUs with 512-bit vectors and on narrower ones: rows of the batch by vectors of outputs
 *       held in accumulators (default {@code 8,3,6,2}).
 * </ul>
 *
 * A value outside these is a compile error naming the option; it never reaches code generation.
 */
public final class GeneratorOptions {
  public static final String CODE_STRATEGY = "soma.codeStrategy";
  public static final String BATCH_SHAPE = "soma.batchShape";
  public static final String SIMD_TILE = "soma.simdTile";

  /** The options' names, for {@code Processor.getSupportedOptions()}. */
  public static final Set<String> NAMES = Set.of(CODE_STRATEGY, BATCH_SHAPE, SIMD_TILE);

  /** The most accumulators a SIMD tile may hold: AVX-512 has 32 vector registers. */
  static final int MAX_TILE_ACCUMULATORS = 32;

  /** The default SIMD tiles: 8 rows by 3 vectors on 512-bit CPUs, 6 by 2 on narrower ones. */
  private static final int[] DEFAULT_SIMD_TILE = {8, 3, 6, 2};

  /** The largest block a batch shape may ask for: beyond it the per-thread scratch grows for nothing. */
  static final int MAX_BLOCK = 256;

  /** The most rows or columns per pass: beyond these C2 runs out of registers (BENCHMARKS.md). */
  static final int MAX_PER_PASS = 16;

  /** How the strategy is chosen. */
  public enum Strategy {
    AUTO,
    UNROLLED,
    LOOPS
  }

  /** What Soma generates without options. */
  public static final GeneratorOptions DEFAULTS =
      new GeneratorOptions(Strategy.AUTO, 12, 3, 4, DEFAULT_SIMD_TILE);

  private final Strategy strategy;
  private final int batchBlock;
  private final int batchRows;
  private final int batchColumns;
  private final int[] simdTile;

  GeneratorOptions(Strategy strategy, int batchBlock, int batchRows, int batchColumns, int[] simdTile) {
    this.strategy = strategy;
    this.batchBlock = batchBlock;
    this.batchRows = batchRows;
    this.batchColumns = batchColumns;
    this.simdTile = simdTile.clone();
  }

  /** An option's name and value that cannot be used, and what values it takes. */
  public static final class Invalid {
    private final String option;
    private final String value;
    private final String accepted;

    Invalid(String option, String value, String accepted) {
      this.option = option;
      this.value = value;
      this.accepted = accepted;
    }

    public String option() {
      return option;
    }

    public String value() {
      return value;
    }

    public String accepted() {
      return accepted;
    }
  }

  /**
   * The options in {@code processorOptions} (javac's {@code -A} map), or the defaults for those not
   * given; {@code problems} receives each value that cannot be used, and the default stands in.
   */
  public static GeneratorOptions parse(Map<String, String> processorOptions, List<Invalid> problems) {
    Strategy strategy = DEFAULTS.strategy;
    String strategyValue = processorOptions.get(CODE_STRATEGY);
    if (strategyValue != null) {
      Optional<Strategy> parsed = parseStrategy(strategyValue);
      if (parsed.isPresent()) {
        strategy = parsed.get();
      } else {
        problems.add(new Invalid(CODE_STRATEGY, strategyValue, "auto, unrolled or loops"));
      }
    }
    int[] shape = {DEFAULTS.batchBlock, DEFAULTS.batchRows, DEFAULTS.batchColumns};
    String shapeValue = processorOptions.get(BATCH_SHAPE);
    if (shapeValue != null) {
      Optional<int[]> parsed = parseShape(shapeValue);
      if (parsed.isPresent()) {
        shape = parsed.get();
      } else {
        problems.add(
            new Invalid(
                BATCH_SHAPE,
                shapeValue,
                "three whole numbers block,rows,columns with 1 <= rows <= block <= "
                    + MAX_BLOCK
                    + " and 1 <= rows, columns <= "
                    + MAX_PER_PASS
                    + ", for example 12,3,4"));
      }
    }
    int[] tile = DEFAULT_SIMD_TILE;
    String tileValue = processorOptions.get(SIMD_TILE);
    if (tileValue != null) {
      Optional<int[]> parsed = parseTile(tileValue);
      if (parsed.isPresent()) {
        tile = parsed.get();
      } else {
        problems.add(
            new Invalid(
                SIMD_TILE,
                tileValue,
                "four whole numbers wideRows,wideVectors,narrowRows,narrowVectors, each at least 1, with"
                    + " rows times vectors at most "
                    + MAX_TILE_ACCUMULATORS
                    + ", for example 8,3,6,2"));
      }
    }
    return new GeneratorOptions(strategy, shape[0], shape[1], shape[2], tile);
  }

  private static Optional<int[]> parseTile(String value) {
    Optional<int[]> numbers = parseNumbers(value, 4);
    if (numbers.isEmpty()) {
      return numbers;
    }
    int[] tile = numbers.get();
    for (int k = 0; k < 4; k += 2) {
      if (tile[k] < 1 || tile[k + 1] < 1 || tile[k] * tile[k + 1] > MAX_TILE_ACCUMULATORS) {
        return Optional.empty();
      }
    }
    return numbers;
  }

  /** {@code count} comma-separated whole numbers of at most three digits, or empty. */
  private static Optional<int[]> parseNumbers(String value, int count) {
    String[] parts = value.split(",", -1);
    if (parts.length != count) {
      return Optional.empty();
    }
    int[] numbers = new int[count];
    for (int k = 0; k < count; k++) {
      String part = parts[k].trim();
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      numbers[k] = Integer.parseInt(part);
    }
    return Optional.of(numbers);
  }

  private static Optional<Strategy> parseStrategy(String value) {
    for (Strategy strategy : Strategy.values()) {
      if (strategy.name().equalsIgnoreCase(value.trim())) {
        return Optional.of(strategy);
      }
    }
    return Optional.empty();
  }

  private static Optional<int[]> parseShape(String value) {
    Optional<int[]> numbers = parseNumbers(value, 3);
    if (numbers.isEmpty()) {
      return numbers;
    }
    int[] shape = numbers.get();
    boolean valid =
        shape[1] >= 1
            && shape[1] <= shape[0]
            && shape[0] <= MAX_BLOCK
            && shape[1] <= MAX_PER_PASS
            && shape[2] >= 1
            && shape[2] <= MAX_PER_PASS;
    return valid ? Optional.of(shape) : Optional.empty();
  }

  public Strategy strategy() {
    return strategy;
  }

  /** Inputs the batched form runs through each layer together. */
  public int batchBlock() {
    return batchBlock;
  }

  /** Rows of a block one pass over a layer's outputs serves. */
  public int batchRows() {
    return batchRows;
  }

  /** Weight columns one pass adds. */
  public int batchColumns() {
    return batchColumns;
  }

  /** Rows of the batch per register tile of the SIMD batched kernel, {@code wide}: 512-bit CPUs. */
  public int simdTileRows(boolean wide) {
    return simdTile[wide ? 0 : 2];
  }

  /** Vectors of outputs per register tile of the SIMD batched kernel. */
  public int simdTileVectors(boolean wide) {
    return simdTile[wide ? 1 : 3];
  }
}
