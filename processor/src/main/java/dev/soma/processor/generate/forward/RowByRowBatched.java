package dev.soma.processor.generate.forward;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import dev.soma.processor.generate.GeneratorContext;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.NetworkMethod;
import java.util.List;

/**
 * The batched form {@code void m(float[][] xs, float[][] ys)} as one single-input forward pass per
 * row: the same bits as one call per row. For INT8 without {@code simd} (whose single-input loops
 * read byte columns, or float copies of them before JDK 25), and for INT8 and BF16 networks with a
 * {@code @LayerNorm}; SIMD networks without one take {@link SimdBatchedForward}'s kernel.
 */
public final class RowByRowBatched implements ForwardPass {
  private final GeneratorContext context;

  public RowByRowBatched(GeneratorContext context) {
    this.context = context;
  }

  @Override
  public CodeBlock body(NetworkMethod method) {
    NameAllocator names = context.locals(method);
    String xs = method.parameterNames().get(0);
    String ys = method.parameterNames().get(1);
    String n = names.newName("n");
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement(
        "$T.batch($N, $N, $L, $L)",
        RuntimeTypes.CHECKS,
        xs,
        ys,
        context.network().inputs(),
        context.network().outputs());
    addRows(code, context, xs, ys, n);
    return code.build();
  }

  /** {@code for (n ...) forward(xs[n], ys[n])}: each row through the single-input pass. */
  static void addRows(CodeBlock.Builder code, GeneratorContext context, String xs, String ys, String n) {
    code.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", n, n, xs, n);
    code.addStatement("$N($N[$N], $N[$N])", context.member("forward"), xs, n, ys, n);
    code.endControlFlow();
  }

  @Override
  public List<FieldSpec> fields() {
    return List.of();
  }

  @Override
  public List<MethodSpec> helpers() {
    return List.of();
  }

  @Override
  public long scratchValues() {
    return 0;
  }
}
