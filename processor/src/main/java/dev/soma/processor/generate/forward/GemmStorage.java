package dev.soma.processor.generate.forward;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.soma.Storage;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.model.Precision;

/**
 * What {@code @Network(storage = ...)} changes in {@link SimdBatchedForward}'s kernel. F32 (and the
 * storages the loop forms keep as floats: F16, plain BF16) packs float panels. INT8 and BF16 with
 * {@code simd = true} pack the stored values themselves, {@code byte} and {@code short} panels in
 * the same layout, packed in the constructor from the weight columns the single-input form reads
 * ({@code wNc}); the kernel loads {@code LANES} of them and widens them to one float vector in
 * registers, where they are used by every row of the tile. INT8 uses {@code SimdForward}'s {@code
 * BYTES} species ({@code B2F}), BF16 its {@code SHORTS} and {@code INTS} ({@code S2I}, shift left 16,
 * reinterpret as floats): the single-input form's widenings, which its class declares too.
 *
 * <p>INT8 sums {@code q * x} from zero with fused multiply-adds and then writes {@code sum * scale
 * + bias} (a multiply, then an add, as the single-input form does), so the bias and scale come once
 * per output. BF16's widened values are the rounded weights, so it sums exactly as an F32 network
 * holding them.
 */
final class GemmStorage {
  private static final ClassName BYTE_VECTOR = ClassName.get("jdk.incubator.vector", "ByteVector");
  private static final ClassName SHORT_VECTOR = ClassName.get("jdk.incubator.vector", "ShortVector");
  private static final ClassName INT_VECTOR = ClassName.get("jdk.incubator.vector", "IntVector");
  private static final ClassName VECTOR_OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");

  private final GeneratorContext context;
  private final Storage storage;
  private final ClassName vector;

  private GemmStorage(GeneratorContext context, Storage storage) {
    this.context = context;
    this.storage = storage;
    this.vector = SimdForward.vectorClass(context.precision());
  }

  /** The storage the kernel reads for {@code context}'s SIMD network: INT8, BF16 or (any other) F32. */
  static GemmStorage of(GeneratorContext context) {
    NetworkModel network = context.network();
    if (WeightStorageCode.int8Loops(network, CodeStrategy.SIMD_LOOPS)) {
      return new GemmStorage(context, Storage.INT8);
    }
    if (WeightStorageCode.bfloat16Loops(network, CodeStrategy.SIMD_LOOPS)) {
      return new GemmStorage(context, Storage.BF16);
    }
    return new GemmStorage(context, Storage.F32);
  }

  /** Whether the panels hold stored values other than floats (packed per instance from the columns). */
  boolean compact() {
    return storage != Storage.F32;
  }

  /** INT8: per-output scales, accumulators from zero. */
  boolean scaled() {
    return storage == Storage.INT8;
  }

  /** {@code byte}, {@code short}, or the network's {@code float} / {@code double}. */
  TypeName element() {
    switch (storage) {
      case INT8:
        return TypeName.BYTE;
      case BF16:
        return TypeName.SHORT;
      default:
        return context.precision() == Precision.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
    }
  }

  /** The packed panels' array type. */
  TypeName panels() {
    return ArrayTypeName.of(element());
  }

  /** The {@code LANES} weights of {@code array} from {@code offset}, as one float (double) vector. */
  CodeBlock load(String array, String offset) {
    switch (storage) {
      case INT8:
        return CodeBlock.of(
            "(($T) $T.fromArray(BYTES, $L, $L).convertShape($T.B2F, SPECIES, 0))",
            vector, BYTE_VECTOR, array, offset, VECTOR_OPERATORS);
      case BF16:
        // the constant species of reinterpretShape and the shift as a vector: no call whose
        // species C2 could only guess (SimdForward, "Boxed vectors on JDK 17")
        return CodeBlock.of(
            "(($T) $T.fromArray(SHORTS, $L, $L).convertShape($T.S2I, INTS, 0)"
                + ".lanewise($T.LSHL, $T.broadcast(INTS, 16)).reinterpretShape(SPECIES, 0))",
            vector, SHORT_VECTOR, array, offset, VECTOR_OPERATORS, VECTOR_OPERATORS, INT_VECTOR);
      default:
        return CodeBlock.of("$T.fromArray(SPECIES, $L, $L)", vector, array, offset);
    }
  }

  /** Layer {@code n}'s weight columns ({@code wNc[k][o]}), the source of compact panels. */
  String columns(int n) {
    return context.member("w" + n + "c");
  }

  /** Layer {@code n}'s per-output scales (INT8). */
  String scales(int n) {
    return context.member("w" + n + "s");
  }

  /** Layer {@code n}'s biases, as the constructor stored them. */
  String biases(int n) {
    return context.member("b" + n);
  }
}
