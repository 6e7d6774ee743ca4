package app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.Soma;
import org.junit.jupiter.api.Test;

class UserProjectTest {
  @Test
  void lectureLayerInEveryForm() {
    Lecture lecture = Soma.create(Lecture.class);
    assertArrayEquals(new double[] {3.2, 2.4}, lecture.z(new double[] {2, 5, 1}), 1e-12);
    double[] out = new double[2];
    lecture.z(new double[] {2, 5, 1}, out);
    assertArrayEquals(new double[] {3.2, 2.4}, out, 1e-12);
    assertEquals(0, lecture.larger(new double[] {2, 5, 1}));
    // x = (0, 0, 10): z = (5.5, 5.9), so the second neuron wins
    assertEquals(1, lecture.larger(new double[] {0, 0, 10}));
  }

  @Test
  void partyDeciderWithItsOwnWeights() {
    PartyDecider party =
        new SomaPartyDecider(new float[][] {{1, 0, 0, 0, 1, 0}, {1, 1}}, new float[][] {{0, 0}, {0}});
    // relu(1) + relu(2) = 3 into the sigmoid
    assertEquals(1 / (1 + Math.exp(-3)), party.attend(1, 2, 7), 1e-6);
  }

  @Test
  void classifierFormsAgree() {
    SomaDigits digits = SomaDigits.random(42);
    float[] pixels = new float[64];
    for (int j = 0; j < 64; j++) {
      pixels[j] = (j % 7) / 7f;
    }
    float[] p = digits.probabilities(pixels);
    float[] q = new float[10];
    digits.probabilities(pixels, q);
    assertArrayEquals(p, q);
    float sum = 0;
    int best = 0;
    for (int i = 0; i < 10; i++) {
      sum += p[i];
      best = p[i] > p[best] ? i : best;
    }
    assertEquals(1f, sum, 1e-5f);
    assertEquals(best, digits.digit(pixels));
    assertThrows(IllegalArgumentException.class, () -> digits.digit(new float[63]));
    assertThrows(IllegalStateException.class, () -> Soma.create(Digits.class));
  }
}
