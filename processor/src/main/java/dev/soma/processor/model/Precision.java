package dev.soma.processor.model;

/** The floating-point type a network computes in, taken from its methods' signatures. */
public enum Precision {
  FLOAT("float"),
  DOUBLE("double");

  private final String javaType;

  Precision(String javaType) {
    this.javaType = javaType;
  }

  /** {@code float} or {@code double}. */
  public String javaType() {
    return javaType;
  }
}
