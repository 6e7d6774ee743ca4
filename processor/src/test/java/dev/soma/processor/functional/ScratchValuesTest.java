package dev.soma.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.processor.networks.SomaShapes_ReluBatch;
import dev.soma.processor.networks.SomaShapes_SmallFloat;
import dev.soma.runtime.Scratch;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** {@code SCRATCH_VALUES} counts every per-thread array element a network holds. */
class ScratchValuesTest {
  @Test
  void reluBatchCountsLayerOutputsLiveInputsAndBatchBlocks() throws Exception {
    // 37 -> 24 relu -> 6, single and batched forms, loops:
    // layer outputs 24 + 6, live inputs of layer 2 (after ReLU) 24, one batch block of 12 x 24.
    assertEquals(24 + 6 + 24 + 12 * 24, SomaShapes_ReluBatch.SCRATCH_VALUES);
    SomaShapes_ReluBatch network = SomaShapes_ReluBatch.random(3);
    network.predict(new float[37], new float[6]);
    network.predict(new float[][] {new float[37]}, new float[][] {new float[6]});
    assertEquals(SomaShapes_ReluBatch.SCRATCH_VALUES, heldByThisThread(SomaShapes_ReluBatch.class));
  }

  @Test
  void unrolledNetworksHoldNone() throws Exception {
    assertEquals(0, SomaShapes_SmallFloat.SCRATCH_VALUES);
    assertEquals(0, heldByThisThread(SomaShapes_SmallFloat.class));
  }

  /** Elements of every array in the class's thread-local fields, as this thread sees them. */
  private static long heldByThisThread(Class<?> type) throws Exception {
    long values = 0;
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Scratch.class) {
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        Scratch<Object> scratch = (Scratch<Object>) field.get(null);
        Object buffers = scratch.take();
        values += elements(buffers);
        scratch.give(buffers);
      }
    }
    return values;
  }

  private static long elements(Object array) {
    if (array instanceof Object[]) {
      long sum = 0;
      for (Object element : (Object[]) array) {
        sum += elements(element);
      }
      return sum;
    }
    return java.lang.reflect.Array.getLength(array);
  }
}
