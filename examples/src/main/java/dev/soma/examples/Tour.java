package dev.soma.examples;

/** The examples tour. */
public final class Tour {
  private Tour() {}

  public static void main(String[] args) {
    System.out.println("Soma examples tour");
  }
}
