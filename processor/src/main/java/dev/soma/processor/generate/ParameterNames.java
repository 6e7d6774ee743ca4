package dev.soma.processor.generate;

import dev.soma.processor.model.NetworkMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parameter names for generated methods. Arrays are always {@code x} and {@code y}; scalar inputs
 * keep the user's names (they make the unrolled code read like the interface) unless a name could
 * clash with a local the generator writes, in which case all become {@code x0, x1, ...}.
 */
final class ParameterNames {
  private static final Pattern GENERATED_LOCAL =
      Pattern.compile("[xyzhwbe]\\d*(_\\d+)?|[wb]\\d+c?|(max|sum)\\d+|best|largest|scratch|columns?|xj|copy|random|i|j");

  private ParameterNames() {}

  static NetworkMethod canonical(NetworkMethod method) {
    List<String> names = new ArrayList<>();
    switch (method.form()) {
      case ARRAY_INTO:
        names.add("x");
        names.add("y");
        break;
      case BATCH:
        names.add("xs");
        names.add("ys");
        break;
      case SCALAR:
        Set<String> seen = new HashSet<>();
        boolean keep = true;
        for (String name : method.parameterNames()) {
          keep &= !GENERATED_LOCAL.matcher(name).matches() && seen.add(name);
        }
        for (int j = 0; j < method.parameterNames().size(); j++) {
          names.add(keep ? method.parameterNames().get(j) : "x" + j);
        }
        break;
      default:
        names.add("x");
        break;
    }
    return new NetworkMethod(method.name(), method.form(), names);
  }
}
