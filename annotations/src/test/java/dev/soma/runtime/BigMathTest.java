package dev.soma.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The references themselves, against published digits and against each other. */
class BigMathTest {
  private static final MathContext DIGITS_40 = new MathContext(40);

  @Test
  void piMatchesItsPublishedDigits() {
    assertEquals(
        new BigDecimal("3.141592653589793238462643383279502884197"), BigMath.pi().round(DIGITS_40));
  }

  /** Expected digits computed independently with mpmath 1.3 at 60 digits, as in the tests below. */
  @ParameterizedTest
  @CsvSource({
    "0.5, 0.5204998778130465376827466538919645287365",
    "1, 0.8427007929497148693412206350826092592961",
    "2, 0.9953222650189527341620692563672529286109",
  })
  void erfMatchesPublishedDigits(String x, String erf) {
    assertEquals(new BigDecimal(erf), BigMath.erf(new BigDecimal(x)).round(DIGITS_40));
  }

  @Test
  void erfcOfTenMatchesPublishedDigits() {
    assertEquals(
        new BigDecimal("2.088487583762544757000786294957788611561E-45"),
        BigMath.erfc(BigDecimal.TEN).round(DIGITS_40));
  }

  /** The Maclaurin series (cancelling, many digits) and the continued fraction agree. */
  @ParameterizedTest
  @ValueSource(strings = {"2", "2.5", "3", "4.25", "6"})
  void seriesAndContinuedFractionAgree(String value) {
    BigDecimal x = new BigDecimal(value);
    BigDecimal fromSeries = BigDecimal.ONE.subtract(BigMath.erfSeries(x));
    BigDecimal fromFraction = BigMath.erfcScaled(x).multiply(BigMath.exp(x.multiply(x).negate()));
    BigDecimal relative = fromSeries.subtract(fromFraction).abs().divide(fromFraction, DIGITS_40);
    assertTrue(relative.compareTo(new BigDecimal("1e-40")) < 0, relative::toString);
  }

  @Test
  void tanhSeriesAndExponentialFormAgreeAtTheSwitch() {
    BigDecimal below = BigMath.tanh(new BigDecimal("0.99999999999999999999"));
    BigDecimal above = BigMath.tanh(BigDecimal.ONE);
    // tanh'(1) = 0.42 so the two differ by about 0.42e-20.
    BigDecimal difference = above.subtract(below);
    assertTrue(
        difference.compareTo(new BigDecimal("4.1e-21")) > 0
            && difference.compareTo(new BigDecimal("4.3e-21")) < 0,
        difference::toString);
    assertEquals(
        new BigDecimal("0.7615941559557648881194582826047935904128"), above.round(DIGITS_40));
  }

  @Test
  void expMatchesPublishedDigits() {
    assertEquals(
        new BigDecimal("2.718281828459045235360287471352662497757"),
        BigMath.exp(BigDecimal.ONE).round(DIGITS_40));
    assertEquals(
        new BigDecimal("1.970071114017046993888879352243323125317E+434"),
        BigMath.exp(BigDecimal.valueOf(1000)).round(DIGITS_40));
  }
}
