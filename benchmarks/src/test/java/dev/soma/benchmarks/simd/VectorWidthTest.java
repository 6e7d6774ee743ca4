package dev.soma.benchmarks.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The {@code narrow-vectors} test run (benchmarks/pom.xml) repeats the SIMD tests with the JVM's
 * vectors capped at 256 bits, so that the generated classes take their narrow (AVX2) pass and tile
 * shapes; it sets {@code soma.test.maxVectorBits}. This checks that the cap took effect, or those
 * tests would silently run the wide shapes twice. Skipped in the default run.
 */
class VectorWidthTest {
  @Test
  void theNarrowRunComputesOnNarrowVectors() {
    String cap = System.getProperty("soma.test.maxVectorBits");
    assumeTrue(cap != null, "not the narrow-vectors run");
    int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
    assertTrue(
        bits <= Integer.parseInt(cap),
        "SIMD tests meant for " + cap + "-bit vectors ran on " + bits + "-bit vectors");
  }
}
