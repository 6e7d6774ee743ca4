package dev.soma.processor.generate;

import com.palantir.javapoet.JavaFile;
import java.util.Optional;

/** What the processor writes for one network: the class and, for large baked weights, a resource beside it. */
public final class GeneratedNetwork {
  private final JavaFile source;
  private final String resourceName;
  private final byte[] resource;

  GeneratedNetwork(JavaFile source, String resourceName, byte[] resource) {
    this.source = source;
    this.resourceName = resourceName;
    this.resource = resource;
  }

  public JavaFile source() {
    return source;
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
