package dev.soma.processor.generate;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * Every type generated code refers to, by name: the runtime's support classes, the training API
 * and the JDK types. Generated code names them through these constants only, so JavaPoet imports
 * or qualifies each one and a user's type of the same simple name cannot shadow it.
 */
public final class RuntimeTypes {
  private static final String SUPPORT = "dev.soma.runtime";
  private static final String TRAIN = "dev.soma.train";

  // generated-code support
  public static final ClassName ACTIVATIONS = ClassName.get(SUPPORT, "Activations");
  public static final ClassName CHECKS = ClassName.get(SUPPORT, "Checks");
  public static final ClassName INIT = ClassName.get(SUPPORT, "Init");
  public static final ClassName LAYOUT = ClassName.get(SUPPORT, "Layout");
  public static final ClassName LAYER_NORMS = ClassName.get(SUPPORT, "LayerNorms");
  public static final ClassName SCRATCH = ClassName.get(SUPPORT, "Scratch");
  public static final ClassName NETWORK_FILES = ClassName.get(SUPPORT, "NetworkFiles");
  public static final ClassName SHAPES = NETWORK_FILES.nestedClass("Shapes");
  public static final ClassName QUANTIZATION = ClassName.get(SUPPORT, "Quantization");
  public static final ClassName INT8_LAYERS = QUANTIZATION.nestedClass("Int8Layers");
  public static final ClassName STORAGE = ClassName.get("dev.soma", "Storage");
  public static final ClassName TRAINING_CHECKS = ClassName.get(SUPPORT, "TrainingChecks");
  public static final ClassName TRAINING_RUN = ClassName.get(SUPPORT, "TrainingRun");

  // the training API users see
  public static final ClassName LOSS = ClassName.get(TRAIN, "Loss");
  public static final ClassName TRAINING_OPTIONS = ClassName.get(TRAIN, "TrainingOptions");
  public static final ClassName OPTIMIZER_STATE = ClassName.get(TRAIN, "OptimizerState");
  public static final ClassName EPOCH_REPORT = ClassName.get(TRAIN, "EpochReport");
  public static final ClassName ACTIVATION_KIND = ClassName.get("dev.soma", "Activation", "Kind");

  // the JDK
  public static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  public static final ClassName MATH = ClassName.get("java.lang", "Math");
  public static final ClassName SYSTEM = ClassName.get("java.lang", "System");
  public static final ClassName THREAD_LOCAL = ClassName.get("java.lang", "ThreadLocal");
  public static final ClassName SPLITTABLE_RANDOM = ClassName.get("java.util", "SplittableRandom");
  public static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  public static final ClassName LIST = ClassName.get("java.util", "List");
  public static final ClassName ATOMIC_BOOLEAN = ClassName.get("java.util.concurrent.atomic", "AtomicBoolean");
  public static final ClassName PATH = ClassName.get("java.nio.file", "Path");
  public static final ClassName FILES = ClassName.get("java.nio.file", "Files");
  public static final ClassName INPUT_STREAM = ClassName.get("java.io", "InputStream");
  public static final ClassName IO_EXCEPTION = ClassName.get("java.io", "IOException");

  /** The {@code java.lang} types generated code names without importing them. */
  public static final List<String> JAVA_LANG_NAMES =
      List.of("Math", "System", "ThreadLocal", "String", "Override", "Float", "Double", "Object");

  /** The processor, as named in {@code @Generated}. */
  public static final String PROCESSOR = "dev.soma.processor.SomaProcessor";

  private RuntimeTypes() {}
}
