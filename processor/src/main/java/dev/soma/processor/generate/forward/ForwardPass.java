package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.soma.processor.model.NetworkMethod;
import java.util.List;

/**
 * One way of writing a network's forward pass into the generated class: the unrolled
 * straight-line form, the plain loops, the Vector API loops and the batched form each implement
 * it. {@link dev.soma.processor.generate.NetworkClassWriter} asks a pass for the bodies of the interface methods it serves, then
 * adds the fields and helper methods those bodies use.
 */
public interface ForwardPass {
  /** The body of {@code method}, an interface method this pass serves: checks, compute, result. */
  CodeBlock body(NetworkMethod method);

  /** Static fields the bodies and helpers use (per-thread scratch, vector species). */
  List<FieldSpec> fields();

  /** Private helper methods the bodies call. */
  List<MethodSpec> helpers();

  /**
   * Array elements of per-thread scratch memory this pass holds once a thread has called it:
   * floats or doubles, and the int indices of non-zero inputs.
   */
  long scratchValues();

  /**
   * Statements the constructor that takes run-time weights runs after its checks, with the
   * row-major {@code weights} and the {@code biases} in scope: for a pass that keeps the weights in
   * a layout of its own, such as {@link SimdBatchedForward}'s packed panels. None by default.
   */
  default void addConstructorCode(CodeBlock.Builder code) {}
}
