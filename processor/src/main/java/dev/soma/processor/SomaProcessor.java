package dev.soma.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.soma.processor.diag.DiagnosticPrinter;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Position;
import dev.soma.processor.diag.Report;
import dev.soma.processor.generate.NetworkClassWriter;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.read.AnnotationReader;
import dev.soma.processor.read.JavacTrees;
import dev.soma.processor.read.NetworkDeclaration;
import dev.soma.processor.validate.NetworkValidator;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Soma's annotation processor. For each {@code @Network} interface it runs three stages: {@link
 * AnnotationReader} (annotations to plain data), {@link NetworkValidator} (checks, to a {@link
 * NetworkModel}) and {@link NetworkClassWriter} (the generated class). Problems become compile
 * errors and warnings; no exception escapes, and one bad interface does not stop the others.
 */
@AutoService(Processor.class)
public final class SomaProcessor extends AbstractProcessor {
  private Optional<JavacTrees> trees = Optional.empty();
  private AnnotationReader reader;
  private DiagnosticPrinter printer;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        AnnotationReader.NETWORK,
        AnnotationReader.DENSE,
        AnnotationReader.DENSE_LIST,
        AnnotationReader.ACTIVATION,
        AnnotationReader.ACTIVATION_LIST);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    trees = JavacTrees.create(env);
    reader = new AnnotationReader(env.getElementUtils(), env.getTypeUtils(), trees);
    printer =
        new DiagnosticPrinter(
            env.getMessager(),
            trees.<java.util.function.BiConsumer<Report.Item, Object>>map(
                    t -> (item, tree) -> t.print(item.kind(), item.text(), tree))
                .orElse(null));
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Set<Element> networks = new LinkedHashSet<>();
    for (TypeElement annotation : annotations) {
      String name = annotation.getQualifiedName().toString();
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (name.equals(AnnotationReader.NETWORK)) {
          networks.add(element);
        } else if (AnnotationReader.mirror(element, AnnotationReader.NETWORK).isEmpty()) {
          reportLayerWithoutNetwork(element, name);
        }
      }
    }
    for (Element element : networks) {
      processNetwork((TypeElement) element);
    }
    return false;
  }

  private void processNetwork(TypeElement type) {
    Report report = new Report();
    try {
      NetworkDeclaration declaration = reader.read(type);
      Optional<NetworkModel> model = NetworkValidator.validate(declaration, report);
      printer.print(report);
      if (model.isPresent()) {
        JavaFile file = NetworkClassWriter.write(model.get());
        file.writeTo(processingEnv.getFiler());
      }
    } catch (AnnotationReader.ErroneousValue javacAlreadyReportedIt) {
      // An attribute holds an erroneous value; javac reports it, and no class is generated.
    } catch (IOException | RuntimeException | StackOverflowError e) {
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              Message.INTERNAL_ERROR.format(type.getQualifiedName(), e),
              type);
    }
  }

  private void reportLayerWithoutNetwork(Element element, String annotation) {
    String simple = annotation.substring(annotation.lastIndexOf('.') + 1);
    if (simple.equals("List")) {
      simple = annotation.contains("Dense") ? "Dense" : "Activation";
    }
    Report report = new Report();
    report.add(Position.of(element), Message.LAYER_WITHOUT_NETWORK, simple, element.getSimpleName(), element.getSimpleName());
    printer.print(report);
  }
}
