package dev.soma.benchmarks.boxing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SIMD forward passes allocate nothing even when C2 compiles them pessimistically. C2 sums the
 * class-check traps recorded in every inlined copy of the Vector API's methods; in a method of some
 * hundred vector operations the sum can pass {@code PerMethodTrapLimit} (100) part-way through,
 * after which each call inlined on a profile guess keeps a virtual call beside it. Generated code
 * that let a vector's species come from such a call (a loop-carried accumulator as receiver,
 * {@code v.add(1f)}, {@code reinterpretAsFloats()}, a plain {@code intoArray}) allocated: 2 MB per
 * call of the sigmoid network in 1 JVM start in 6 with the default flags (BENCHMARKS.md, "Boxed
 * vectors on JDK 17"). {@code -XX:PerMethodTrapLimit=0} puts every compilation past the limit
 * from its start, and the old sigmoid code then allocated 7.3 MB per call in every run; {@code
 * -XX:-TieredCompilation} did the same to the bfloat16 widening (151 KB per call, every run). Each
 * network runs in a JVM of its own; the last rounds, after C2 has compiled everything, must
 * allocate 0 bytes per call. Allocation only, no timing.
 */
class VectorBoxingTest {
  private static final int ROUNDS = 12;
  /** Rounds at the end that must allocate nothing. */
  private static final int CHECKED = 3;
  private static final Pattern ROUND = Pattern.compile("round (\\d+): (-?\\d+) B/call");

  @Test
  void sigmoidLanesAllocateNothing() throws Exception {
    assertSteadyZero("SmoothSigmoidSimd", "-XX:PerMethodTrapLimit=0");
  }

  /**
   * The lane-wise tanh with its sign copied through the int bits ({@code
   * magnitude.reinterpretShape(INTS, 0)}) allocated 24 KB per call in 5 JVMs of 10 under {@code
   * -XX:-TieredCompilation}; its sign now comes from compares and blends. Two JVMs with that flag
   * (one would have caught the old form half of the time) and one past the trap limit.
   */
  @Test
  void tanhLanesAllocateNothing() throws Exception {
    assertSteadyZero("SmoothTanhSimd", "-XX:-TieredCompilation");
    assertSteadyZero("SmoothTanhSimd", "-XX:-TieredCompilation");
    assertSteadyZero("SmoothTanhSimd", "-XX:PerMethodTrapLimit=0");
  }

  @Test
  void bfloat16WideningAllocatesNothing() throws Exception {
    assertSteadyZero("N2Bf16Simd", "-XX:-TieredCompilation");
  }

  @Test
  void int8AndBfloat16BatchKernelsAllocateNothing() throws Exception {
    assertSteadyZero("N2Bf16Batch", "-XX:-TieredCompilation");
    assertSteadyZero("N2Int8Batch", "-XX:-TieredCompilation");
    assertSteadyZero("N2Int8Batch", "-XX:PerMethodTrapLimit=0");
  }

  private static void assertSteadyZero(String network, String flag)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add(flag);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AllocationProbe.class.getName());
    command.add(network);
    command.add(Integer.toString(ROUNDS));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    List<Long> perCall = new ArrayList<>();
    Matcher matcher = ROUND.matcher(output);
    while (matcher.find()) {
      perCall.add(Long.parseLong(matcher.group(2)));
    }
    assertEquals(ROUNDS, perCall.size(), output);
    for (long bytes : perCall.subList(ROUNDS - CHECKED, ROUNDS)) {
      assertEquals(0, bytes, network + " allocated in a steady round:\n" + output);
    }
    assertTrue(perCall.get(0) > 0, "the probe measures nothing:\n" + output);
  }
}
