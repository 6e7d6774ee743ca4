/**
 * Soma: the annotations that declare a network ({@link dev.soma}), the training API ({@link
 * dev.soma.train}), weight files ({@link dev.soma.io}) and the support generated code calls ({@link
 * dev.soma.runtime}, not API). No dependencies beyond the JDK.
 *
 * <p>A named module that declares networks {@code requires dev.soma;} and puts {@code
 * soma-processor} on the annotation processor path. Generated classes carry {@code
 * javax.annotation.processing.Generated} (source retention), which lives in {@code java.compiler};
 * this module requires it statically and transitively, so the user's module compiles the generated
 * code without naming {@code java.compiler} itself and needs nothing extra at run time.
 * {@link dev.soma.Soma#create} instantiates generated classes reflectively: the package holding them
 * must be exported (or exported to {@code dev.soma}).
 */
module dev.soma {
  requires static transitive java.compiler;

  exports dev.soma;
  exports dev.soma.train;
  exports dev.soma.io;
  exports dev.soma.runtime;
}
