/**
 * The Soma annotation processor as a module, for {@code --processor-module-path} (beside JavaPoet
 * and {@code dev.soma}). Compiled on its own into {@code META-INF/versions/17} of the jar, so the
 * processor's own build and tests stay on the class path; exports nothing.
 */
module dev.soma.processor {
  requires java.compiler;
  requires jdk.compiler; // com.sun.source: the written order of annotations, where javac offers it
  requires dev.soma;
  requires com.palantir.javapoet;
  requires io.jhdf; // Keras HDF5 weight files, read at compile time
  requires static com.google.auto.service; // @AutoService, class retention

  provides javax.annotation.processing.Processor with
      dev.soma.processor.SomaProcessor;
}
