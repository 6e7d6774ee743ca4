package dev.soma.runtime;

/** Argument checks the generated code calls; each failure names what was expected and what was found. */
public final class Checks {
  private Checks() {}

  public static void length(float[] array, int expected, String what) {
    if (array == null) {
      throw new NullPointerException(what + " is null; expected float[" + expected + "]");
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(
          what + " has length " + array.length + "; expected " + expected);
    }
  }

  public static void length(double[] array, int expected, String what) {
    if (array == null) {
      throw new NullPointerException(what + " is null; expected double[" + expected + "]");
    }
    if (array.length != expected) {
      throw new IllegalArgumentException(
          what + " has length " + array.length + "; expected " + expected);
    }
  }

  public static void count(Object[] arrays, int expected, String what) {
    if (arrays == null) {
      throw new NullPointerException(what + " is null; expected " + expected + " arrays, one per layer");
    }
    if (arrays.length != expected) {
      throw new IllegalArgumentException(
          what + " has " + arrays.length + " arrays; expected " + expected + ", one per layer");
    }
  }
}
