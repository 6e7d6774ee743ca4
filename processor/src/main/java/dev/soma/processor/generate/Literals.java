package dev.soma.processor.generate;

import dev.soma.processor.model.Precision;

/** Java source literals for weights: exact, readable where possible, the same text on every run. */
public final class Literals {
  private Literals() {}

  /** {@code value} rounded to {@code precision}, as a literal that reads back to exactly that number. */
  public static String of(double value, Precision precision) {
    return precision == Precision.FLOAT ? ofFloat((float) value) : ofDouble(value);
  }

  static String ofFloat(float value) {
    if (Float.isNaN(value)) {
      return "Float.NaN";
    }
    if (Float.isInfinite(value)) {
      return value > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
    }
    String decimal = Float.toString(value);
    if (Float.parseFloat(decimal) == value
        && Float.floatToRawIntBits(Float.parseFloat(decimal)) == Float.floatToRawIntBits(value)) {
      return decimal + "f";
    }
    return Float.toHexString(value) + "f";
  }

  static String ofDouble(double value) {
    if (Double.isNaN(value)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    String decimal = Double.toString(value);
    if (Double.doubleToRawLongBits(Double.parseDouble(decimal)) == Double.doubleToRawLongBits(value)) {
      return decimal;
    }
    return Double.toHexString(value);
  }
}
