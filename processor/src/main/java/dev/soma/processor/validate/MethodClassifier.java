package dev.soma.processor.validate;

import dev.soma.processor.model.MethodForm;
import dev.soma.processor.model.Precision;
import dev.soma.processor.read.DeclaredMethod;
import dev.soma.processor.read.DeclaredMethod.ValueType;
import java.util.List;
import java.util.Optional;

/** Recognises the accepted method forms and the precision each one implies. */
final class MethodClassifier {
  /** A recognised form and its precision. */
  static final class Classified {
    final MethodForm form;
    final Precision precision;

    Classified(MethodForm form, Precision precision) {
      this.form = form;
      this.precision = precision;
    }
  }

  private MethodClassifier() {}

  static Optional<Classified> classify(DeclaredMethod method) {
    if (method.generic()) {
      return Optional.empty();
    }
    for (Precision precision : Precision.values()) {
      Optional<MethodForm> form = form(method, precision);
      if (form.isPresent()) {
        return Optional.of(new Classified(form.get(), precision));
      }
    }
    return Optional.empty();
  }

  private static Optional<MethodForm> form(DeclaredMethod method, Precision precision) {
    ValueType scalar = precision == Precision.FLOAT ? ValueType.FLOAT : ValueType.DOUBLE;
    ValueType array = precision == Precision.FLOAT ? ValueType.FLOAT_ARRAY : ValueType.DOUBLE_ARRAY;
    List<ValueType> parameters = method.parameterTypes();
    ValueType result = method.returnType();
    if (parameters.equals(List.of(array))) {
      if (result == array) {
        return Optional.of(MethodForm.ARRAY_RETURN);
      }
      if (result == ValueType.INT) {
        return Optional.of(MethodForm.ARGMAX);
      }
    }
    if (parameters.equals(List.of(array, array)) && result == ValueType.VOID) {
      return Optional.of(MethodForm.ARRAY_INTO);
    }
    ValueType matrix = precision == Precision.FLOAT ? ValueType.FLOAT_MATRIX : ValueType.DOUBLE_MATRIX;
    if (parameters.equals(List.of(matrix, matrix)) && result == ValueType.VOID) {
      return Optional.of(MethodForm.BATCH);
    }
    if (!parameters.isEmpty() && result == scalar && parameters.stream().allMatch(p -> p == scalar)) {
      return Optional.of(MethodForm.SCALAR);
    }
    return Optional.empty();
  }
}
