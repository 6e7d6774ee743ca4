package dev.soma.spark;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Soma networks as SQL functions:
 *
 * <pre>{@code
 * SomaSpark.register(spark, "digit", SomaDigits.class);
 * spark.sql("SELECT digit(features) FROM images");
 * }</pre>
 *
 * <p>The function takes one argument ({@code array<float>}, {@code array<double>} or a Spark ML
 * vector) and returns what the chosen interface method returns: {@code int} for {@code int m(T[]
 * x)} (the argmax), {@code array<float>} / {@code array<double>} for the array forms. A null
 * argument gives null. The method is the one named like the function, else the interface's only
 * single-row method; where that is ambiguous name it with {@link #register(SparkSession, String,
 * Object, String)}.
 */
public final class SomaSpark {
  private SomaSpark() {}

  /** Registers {@code network} (a generated class with baked weights, or its interface) as {@code name}. */
  public static void register(SparkSession spark, String name, Class<?> network) {
    register(spark, name, network, null);
  }

  /**
   * Registers {@code network}, a generated class or interface with baked weights, or an instance
   * (its run-time weights are broadcast once), as the SQL function {@code name}, computing {@code
   * method} (null: the method named {@code name}, else the only single-row method).
   *
   * @throws IllegalArgumentException if the network has no such method, or the choice is ambiguous
   */
  public static void register(SparkSession spark, String name, Object network, String method) {
    NetworkForms forms = NetworkForms.of(network instanceof Class ? (Class<?>) network : network.getClass());
    Broadcast<Networks.Weights> weights = null;
    if (!(network instanceof Class) && !forms.baked()) {
      weights =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .broadcast(
                  new Networks.Weights(
                      forms.generated().getName(),
                      forms.parameters(network, "weights"),
                      forms.parameters(network, "biases")));
    } else {
      forms.create();
    }
    Method chosen = choose(forms, name, method);
    DataType returns =
        chosen.getReturnType() == int.class
            ? DataTypes.IntegerType
            : DataTypes.createArrayType(forms.doubles() ? DataTypes.DoubleType : DataTypes.FloatType, false);
    spark.udf().register(name, new RowFunction(forms.generated().getName(), name, chosen.getReturnType() == int.class, weights), returns);
  }

  /** The single-row method the function computes. */
  static Method choose(NetworkForms forms, String name, String wanted) {
    List<Method> candidates = forms.singleRowMethods();
    if (candidates.isEmpty()) {
      candidates.add(forms.outputsMethod());
    }
    String target = wanted != null ? wanted : name;
    for (Method m : candidates) {
      if (m.getName().equals(target)) {
        return m;
      }
    }
    if (wanted != null || candidates.size() != 1) {
      List<String> names = new ArrayList<>();
      candidates.forEach(m -> names.add(m.getName()));
      throw new IllegalArgumentException(
          (wanted != null ? forms.network().getName() + " has no single-row method " + wanted
                  : "cannot tell which method of " + forms.network().getName() + " the SQL function " + name + " computes")
              + "; the candidates are " + String.join(", ", names)
              + "; name one with SomaSpark.register(spark, name, network, method)");
    }
    return candidates.get(0);
  }

  /** The per-row function: input value to argmax or outputs, null for null. */
  private static final class RowFunction implements UDF1<Object, Object> {
    private static final long serialVersionUID = 1L;
    private final String className;
    private final String function;
    private final boolean argmax;
    private final Broadcast<Networks.Weights> weights;
    private transient ThreadLocal<Object[]> rows;

    RowFunction(String className, String function, boolean argmax, Broadcast<Networks.Weights> weights) {
      this.className = className;
      this.function = function;
      this.argmax = argmax;
      this.weights = weights;
    }

    @Override
    public Object call(Object value) {
      if (value == null) {
        return null;
      }
      NetworkForms forms = Networks.forms(className);
      Object network =
          weights == null ? Networks.baked(className) : Networks.weighted(weights.id(), weights.value());
      Object[] buffers = buffers(forms);
      ((Features) buffers[2]).fill(value, ((Object[]) buffers[0])[0]);
      Object[] xs = (Object[]) buffers[0];
      Object[] ys = (Object[]) buffers[1];
      if (argmax && forms.argmax() != null) {
        return NetworkForms.invoke(forms.argmax(), network, xs[0]);
      }
      forms.forward(network, xs, ys, 1);
      return argmax ? PartitionScorer.argmax(ys[0]) : PartitionScorer.arrayValue(ys[0]);
    }

    /** Per thread: a one-row xs and ys, and the reader. */
    private synchronized Object[] buffers(NetworkForms forms) {
      if (rows == null) {
        rows =
            ThreadLocal.withInitial(
                () ->
                    new Object[] {
                      forms.doubles() ? new double[1][forms.inputs()] : new float[1][forms.inputs()],
                      forms.doubles() ? new double[1][forms.outputs()] : new float[1][forms.outputs()],
                      new Features("the argument of SQL function " + function, forms.inputs())
                    });
      }
      return rows.get();
    }
  }
}
