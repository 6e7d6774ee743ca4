package dev.soma.processor.generate;

import com.palantir.javapoet.ClassName;

/** Names of the JDK and runtime classes generated code refers to. */
final class ClassNameHolder {
  static final ClassName THREAD_LOCAL = ClassName.get(ThreadLocal.class);
  static final ClassName SPLITTABLE_RANDOM = ClassName.get("java.util", "SplittableRandom");
  static final ClassName INIT = ClassName.get("dev.soma.runtime", "Init");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private ClassNameHolder() {}
}
