package dev.soma.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.soma.processor.diag.DiagnosticPrinter;
import dev.soma.processor.diag.Message;
import dev.soma.processor.diag.Position;
import dev.soma.processor.diag.Report;
import dev.soma.processor.generate.GeneratedNetwork;
import dev.soma.processor.generate.GeneratorOptions;
import dev.soma.processor.generate.NetworkClassWriter;
import dev.soma.processor.generate.RuntimeTypes;
import dev.soma.processor.model.NetworkModel;
import dev.soma.processor.read.AnnotationReader;
import dev.soma.processor.read.JavacTrees;
import dev.soma.processor.read.DenseAnnotation;
import dev.soma.processor.read.NetworkDeclaration;
import dev.soma.processor.read.WrittenLayerAnnotation;
import dev.soma.processor.validate.NetworkValidator;
import dev.soma.processor.weights.ReadLimit;
import dev.soma.processor.weights.WeightFile;
import dev.soma.processor.weights.WeightFileException;
import dev.soma.processor.weights.WeightFileLocator;
import dev.soma.processor.weights.WeightFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Soma's annotation processor. For each {@code @Network} interface it runs three stages: {@link
 * AnnotationReader} (annotations to plain data), {@link NetworkValidator} (checks, to a {@link
 * NetworkModel}) and {@link NetworkClassWriter} (the generated class, and its trainer class when the
 * network is trainable). Problems become compile
 * errors and warnings; no exception escapes, and one bad interface does not stop the others.
 */
@AutoService(Processor.class)
public final class SomaProcessor extends AbstractProcessor {
  private Optional<JavacTrees> trees = Optional.empty();
  private AnnotationReader reader;
  private DiagnosticPrinter printer;
  private GeneratorOptions options = GeneratorOptions.DEFAULTS;
  private final Consumer<TypeElement> beforeEachNetwork;
  /** Each generated class's qualified name, and the interface it is generated for. */
  private final Map<String, String> generatedFor = new HashMap<>();

  public SomaProcessor() {
    this(type -> {});
  }

  /** For tests: {@code beforeEachNetwork} runs first for each {@code @Network}, and may throw. */
  SomaProcessor(Consumer<TypeElement> beforeEachNetwork) {
    this.beforeEachNetwork = beforeEachNetwork;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        AnnotationReader.NETWORK,
        AnnotationReader.DENSE,
        AnnotationReader.DENSE_LIST,
        AnnotationReader.ACTIVATION,
        AnnotationReader.ACTIVATION_LIST,
        AnnotationReader.LAYER_NORM,
        AnnotationReader.LAYER_NORM_LIST);
  }

  @Override
  public Set<String> getSupportedOptions() {
    Set<String> supported = new LinkedHashSet<>(GeneratorOptions.NAMES);
    supported.add(WeightFileLocator.DIRECTORY_OPTION);
    return supported;
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
    List<GeneratorOptions.Invalid> invalid = new ArrayList<>();
    options = GeneratorOptions.parse(env.getOptions(), invalid);
    for (GeneratorOptions.Invalid option : invalid) {
      env.getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              Message.OPTION_INVALID.format(option.option(), option.value(), option.accepted()));
    }
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
    reportLocalNetworks(round);
    return false;
  }

  /**
   * Read, weights, validate, write. Every problem of the declaration is reported, weight-file and
   * SIMD errors beside the shape errors; nothing escapes, so one interface's failure never stops
   * another from being generated.
   */
  private void processNetwork(TypeElement type) {
    Report report = new Report();
    boolean printed = false;
    try {
      beforeEachNetwork.accept(type);
      NetworkDeclaration declaration = reader.read(type);
      if (declaration.simd() && !vectorApiPresent()) {
        report.add(declaration.simdPosition(), Message.SIMD_MODULE_MISSING, type.getSimpleName());
      }
      int errorsBeforeWeights = report.errorCount();
      Optional<WeightFile> weights = readWeightFile(declaration, report);
      boolean weightsFailed = report.errorCount() > errorsBeforeWeights;
      Optional<NetworkModel> model =
          NetworkValidator.validate(declaration, weights, weightsFailed, report);
      if (model.isPresent()) {
        checkGeneratedNames(model.get(), type, declaration, report);
      }
      printer.print(report);
      printed = true;
      if (model.isPresent() && !report.hasErrors()) {
        write(NetworkClassWriter.write(model.get(), options), type);
      }
    } catch (AnnotationReader.ErroneousValue javacAlreadyReportedIt) {
      // An attribute holds an erroneous value; javac reports it, and no class is generated.
    } catch (IOException | RuntimeException | Error e) {
      // The last line of defence: whatever went wrong, javac goes on with the other interfaces.
      if (!printed) {
        printer.print(report);
      }
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              Message.INTERNAL_ERROR.format(type.getQualifiedName(), e),
              type);
    }
  }

  /**
   * The classes Soma writes for {@code type} must not take a name that another interface of this
   * compilation gets ({@code A_B} and {@code A.B} both give {@code SomaA_B}) or that a type of the
   * user's already has. A type of that name that implements the interface is Soma's own class from
   * an earlier build, and is fine.
   */
  private void checkGeneratedNames(
      NetworkModel model, TypeElement type, NetworkDeclaration declaration, Report report) {
    List<String> names = new ArrayList<>(List.of(model.generatedName()));
    if (model.trainable()) {
      names.add(model.generatedName() + "Trainer");
    }
    String prefix = model.packageName().isEmpty() ? "" : model.packageName() + ".";
    for (String name : names) {
      String qualified = prefix + name;
      String earlier = generatedFor.putIfAbsent(qualified, type.getQualifiedName().toString());
      if (earlier != null && !earlier.equals(type.getQualifiedName().toString())) {
        report.add(declaration.position(), Message.GENERATED_NAME_TAKEN, qualified, type.getQualifiedName(), "interface " + earlier + ", which gets the same name");
        continue;
      }
      TypeElement existing = processingEnv.getElementUtils().getTypeElement(qualified);
      if (existing != null
          && !processingEnv.getTypeUtils().isAssignable(
              processingEnv.getTypeUtils().erasure(existing.asType()),
              processingEnv.getTypeUtils().erasure(type.asType()))
          && !name.endsWith("Trainer")) {
        report.add(declaration.position(), Message.GENERATED_NAME_TAKEN, qualified, type.getQualifiedName(), "type " + existing.getQualifiedName() + ", declared by you");
      }
    }
  }

  /** Whether the Vector API's module is part of this compilation (javac {@code --add-modules}). */
  private boolean vectorApiPresent() {
    return processingEnv.getElementUtils().getTypeElement("jdk.incubator.vector.FloatVector")
        != null;
  }

  /** Reads the file named by {@code @Network(weights = ...)}, if any; problems go into the report. */
  private Optional<WeightFile> readWeightFile(NetworkDeclaration declaration, Report report) throws IOException {
    String name = declaration.weightsFile();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    WeightFileLocator locator =
        new WeightFileLocator(
            processingEnv.getFiler(),
            Optional.ofNullable(processingEnv.getOptions().get(WeightFileLocator.DIRECTORY_OPTION)));
    String packageName = declaration.declared().packageName();
    ReadLimit limit = readLimit(declaration);
    WeightFileLocator.Located located = locator.locate(name, packageName, limit);
    if (located.problem().isPresent()) {
      report.add(declaration.weightsPosition(), located.problem().get().problem());
      return Optional.empty();
    }
    if (located.content().isEmpty()) {
      report.add(
          declaration.weightsPosition(),
          Message.WEIGHTS_FILE_NOT_FOUND,
          name,
          String.join(", ", located.searched()));
      return Optional.empty();
    }
    try {
      return Optional.of(WeightFiles.read(located.content().get(), name, limit));
    } catch (WeightFileException e) {
      report.add(declaration.weightsPosition(), e.problem());
      return Optional.empty();
    }
  }

  /** What the declared layers can need of a weight file; the hard cap when the file defines them. */
  private static ReadLimit readLimit(NetworkDeclaration declaration) {
    long parameters = 0;
    boolean declared = false;
    for (WrittenLayerAnnotation annotation : declaration.layerAnnotations()) {
      if (annotation instanceof DenseAnnotation) {
        DenseAnnotation dense = (DenseAnnotation) annotation;
        if (dense.in() < 1 || dense.out() < 1) {
          return ReadLimit.undeclared();
        }
        declared = true;
        parameters += (long) dense.in() * dense.out() + dense.out();
      }
    }
    return declared ? ReadLimit.forParameters(parameters) : ReadLimit.undeclared();
  }

  private void write(GeneratedNetwork generated, TypeElement type) throws IOException {
    Filer filer = processingEnv.getFiler();
    String[] shadowedJavaLang = shadowedJavaLangNames(generated.packageName());
    for (JavaFile source :
        generated.sources(
            spec ->
                deprecationSuppressed(
                    type,
                    spec.addOriginatingElement(type)
                        .avoidClashesWithNestedClasses(type)
                        .alwaysQualify(shadowedJavaLang)))) {
      source.writeTo(filer);
    }
    if (generated.resourceName().isPresent()) {
      FileObject resource =
          filer.createResource(
              StandardLocation.CLASS_OUTPUT, generated.packageName(), generated.resourceName().get(), type);
      try (OutputStream out = resource.openOutputStream()) {
        out.write(generated.resource());
      }
    }
  }

  /**
   * A class implementing a deprecated interface is warned about under {@code -Xlint}; the user
   * chose the deprecation, so the generated class suppresses exactly that warning and no other.
   */
  private TypeSpec.Builder deprecationSuppressed(TypeElement type, TypeSpec.Builder spec) {
    Deprecated deprecated = type.getAnnotation(Deprecated.class);
    if (deprecated == null) {
      return spec;
    }
    return spec.addAnnotation(
        AnnotationSpec.builder(SuppressWarnings.class)
            .addMember("value", "$S", deprecated.forRemoval() ? "removal" : "deprecation")
            .build());
  }

  /**
   * The {@code java.lang} types generated code names that a type of the user's package shadows
   * ({@code Math}, {@code System}, ...): generated code writes those qualified.
   */
  private String[] shadowedJavaLangNames(String packageName) {
    List<String> shadowed = new ArrayList<>();
    for (String name : RuntimeTypes.JAVA_LANG_NAMES) {
      String qualified = packageName.isEmpty() ? name : packageName + "." + name;
      if (processingEnv.getElementUtils().getTypeElement(qualified) != null) {
        shadowed.add(name);
      }
    }
    return shadowed.toArray(new String[0]);
  }

  /**
   * Annotation processing never sees types declared inside methods; without this, {@code @Network}
   * on one would generate nothing and say nothing.
   */
  private void reportLocalNetworks(RoundEnvironment round) {
    if (trees.isEmpty()) {
      return;
    }
    try {
      for (Element root : round.getRootElements()) {
        if (root instanceof TypeElement && root.getEnclosingElement() instanceof javax.lang.model.element.PackageElement) {
          for (JavacTrees.LocalNetwork local : trees.get().localNetworks(root)) {
            trees.get().print(Diagnostic.Kind.ERROR, Message.NETWORK_LOCAL.format(local.name()), local.site());
          }
        }
      }
    } catch (RuntimeException | Error treesFailed) {
      // a best-effort check: the tree API failing here must not break the compilation
    }
  }

  private void reportLayerWithoutNetwork(Element element, String annotation) {
    String simple = annotation.substring(annotation.lastIndexOf('.') + 1);
    if (simple.equals("List")) {
      String container = annotation.substring(0, annotation.lastIndexOf('.'));
      simple = container.substring(container.lastIndexOf('.') + 1);
    }
    Report report = new Report();
    report.add(Position.of(element), Message.LAYER_WITHOUT_NETWORK, simple, element.getSimpleName(), element.getSimpleName());
    printer.print(report);
  }
}
