package dev.soma.examples.sections;

import java.util.Locale;

/** A one-dimensional function on an interval, the target of an approximation. */
public enum Target {
  /** The lecture's example. */
  SIN("sin(x)", 0, 2 * Math.PI) {
    @Override
    public double at(double x) {
      return Math.sin(x);
    }
  },
  /** A smooth bump. */
  BUMP("exp(-x^2)", -3, 3) {
    @Override
    public double at(double x) {
      return Math.exp(-x * x);
    }
  },
  /** A kink: Lipschitz but not smooth. */
  ABS("|x - 0.3|", -1, 1) {
    @Override
    public double at(double x) {
      return Math.abs(x - 0.3);
    }
  },
  /** Not Lipschitz at 0: every method converges more slowly. */
  SQRT("sqrt(x)", 0, 1) {
    @Override
    public double at(double x) {
      return Math.sqrt(x);
    }
  },
  /** Fast oscillation: needs many neurons before the error falls. */
  WAVE("sin(8x) + x", 0, Math.PI) {
    @Override
    public double at(double x) {
      return Math.sin(8 * x) + x;
    }
  };

  private final String formula;
  private final double from;
  private final double to;

  Target(String formula, double from, double to) {
    this.formula = formula;
    this.from = from;
    this.to = to;
  }

  /** The function's value at {@code x}. */
  public abstract double at(double x);

  /** The formula, e.g. {@code sin(x)}. */
  public String formula() {
    return formula;
  }

  /** Left end of the interval. */
  public double from() {
    return from;
  }

  /** Right end of the interval. */
  public double to() {
    return to;
  }

  /** The command-line name, e.g. {@code bump}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The target with command-line name {@code name}. */
  public static Target byName(String name) {
    for (Target target : values()) {
      if (target.cliName().equals(name)) {
        return target;
      }
    }
    throw new IllegalArgumentException("unknown target '" + name + "'");
  }
}
