package dev.soma.processor.generate;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the processor writes for one network: its classes and, for large baked weights, a resource
 * beside them.
 */
public final class GeneratedNetwork {
  private final String packageName;
  private final List<TypeSpec> types;
  private final String resourceName;
  private final byte[] resource;

  GeneratedNetwork(String packageName, List<TypeSpec> types, String resourceName, byte[] resource) {
    this.packageName = packageName;
    this.types = List.copyOf(types);
    this.resourceName = resourceName;
    this.resource = resource;
  }

  public String packageName() {
    return packageName;
  }

  /** The source files, as written to disk. */
  public List<JavaFile> sources() {
    return sources(UnaryOperator.identity());
  }

  /**
   * The source files, each class first passed through {@code finish}: the processor adds the
   * originating element and the user's nested type names there, which only javac knows.
   */
  public List<JavaFile> sources(UnaryOperator<TypeSpec.Builder> finish) {
    List<JavaFile> files = new ArrayList<>();
    for (TypeSpec type : types) {
      files.add(
          JavaFile.builder(packageName, finish.apply(type.toBuilder()).build())
              .skipJavaLangImports(true)
              .indent("  ")
              .build());
    }
    return files;
  }

  /** The resource's file name, in the class's package, when the weights are too large for literals. */
  public Optional<String> resourceName() {
    return Optional.ofNullable(resourceName);
  }

  /** The resource's bytes: the baked weights as safetensors. */
  public byte[] resource() {
    return resource.clone();
  }
}
