package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tensor names in natural order ({@code layers.2} before {@code layers.10}), in linear time. */
class NaturalOrderTest {
  @Test
  void numbersCompareByValue() {
    List<String> names = new ArrayList<>(List.of("layers.10.weight", "layers.2.weight", "layers.1.weight", "fc", "layers.02.bias"));
    names.sort(NetworkFiles::compareNaturally);
    assertEquals(List.of("fc", "layers.1.weight", "layers.02.bias", "layers.2.weight", "layers.10.weight"), names);
    assertEquals(0, NetworkFiles.compareNaturally("a7b", "a7b"));
    assertTrue(NetworkFiles.compareNaturally("a007", "a8") < 0);
    assertTrue(NetworkFiles.compareNaturally("a99", "a100") < 0);
    assertTrue(NetworkFiles.compareNaturally("a100", "a99") > 0);
  }

  @Test
  void longDigitRunsAreLinear() {
    char[] digits = new char[1_000_000];
    Arrays.fill(digits, '9');
    String nines = "w" + new String(digits);
    digits[digits.length - 1] = '8';
    String smaller = "w" + new String(digits);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          for (int k = 0; k < 100; k++) {
            assertTrue(NetworkFiles.compareNaturally(smaller, nines) < 0);
          }
        });
  }
}
