package dev.soma.processor.generate;

import com.palantir.javapoet.JavaFile;
import java.util.List;
import java.util.Optional;

/**
 * What the processor writes for one network: the model class, then the trainer class when the
 * network is {@code trainable}, and, for large baked weights, a resource beside the model class.
 */
public final class GeneratedNetwork {
  private final List<JavaFile> sources;
  private final String resourceName;
  private final byte[] resource;

  GeneratedNetwork(List<JavaFile> sources, String resourceName, byte[] resource) {
    this.sources = List.copyOf(sources);
    this.resourceName = resourceName;
    this.resource = resource;
  }

  /** The source files, the model class {@code Soma<Name>} first. */
  public List<JavaFile> sources() {
    return sources;
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
