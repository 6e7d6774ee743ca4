package dev.soma.processor.read;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The only class that touches javac's tree API. It recovers the source order of annotations (lost
 * when the compiler wraps repeated annotations into containers) and prints diagnostics at the exact
 * annotation or attribute. Under the Eclipse compiler, or Gradle's wrapped environment for
 * incremental processors, {@code Trees.instance} throws: then {@link #create} returns empty and the
 * processor falls back to what the element API offers.
 */
public final class JavacTrees {
  /** One annotation as written in the source: its resolved type and the trees of its attributes. */
  static final class WrittenAnnotation {
    final String typeName;
    final TreeSite site;
    final Map<String, TreeSite> attributes;

    WrittenAnnotation(String typeName, TreeSite site, Map<String, TreeSite> attributes) {
      this.typeName = typeName;
      this.site = site;
      this.attributes = attributes;
    }
  }

  private final Trees trees;

  private JavacTrees(Trees trees) {
    this.trees = trees;
  }

  /** The tree API of this compiler, or empty when it has none. */
  public static Optional<JavacTrees> create(ProcessingEnvironment env) {
    try {
      return Optional.of(new JavacTrees(Trees.instance(env)));
    } catch (IllegalArgumentException | LinkageError unavailable) {
      return Optional.empty();
    }
  }

  /** The annotations written on {@code element} in source order, or empty when its source is not available. */
  Optional<List<WrittenAnnotation>> annotationsInSourceOrder(Element element) {
    TreePath path = trees.getPath(element);
    if (path == null || !(path.getLeaf() instanceof ClassTree)) {
      return Optional.empty();
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    ClassTree type = (ClassTree) path.getLeaf();
    TreePath modifiers = new TreePath(path, type.getModifiers());
    List<WrittenAnnotation> written = new ArrayList<>();
    for (AnnotationTree annotation : type.getModifiers().getAnnotations()) {
      TreePath annotationPath = new TreePath(modifiers, annotation);
      Element annotationType = trees.getElement(new TreePath(annotationPath, annotation.getAnnotationType()));
      String typeName =
          annotationType instanceof TypeElement
              ? ((TypeElement) annotationType).getQualifiedName().toString()
              : annotation.getAnnotationType().toString();
      Map<String, TreeSite> attributes = new LinkedHashMap<>();
      for (ExpressionTree argument : annotation.getArguments()) {
        if (argument instanceof AssignmentTree) {
          AssignmentTree assignment = (AssignmentTree) argument;
          ExpressionTree variable = assignment.getVariable();
          String name =
              variable instanceof IdentifierTree
                  ? ((IdentifierTree) variable).getName().toString()
                  : variable.toString();
          attributes.put(name, new TreeSite(assignment.getExpression(), unit));
        } else {
          attributes.put("value", new TreeSite(argument, unit));
        }
      }
      written.add(new WrittenAnnotation(typeName, new TreeSite(annotation, unit), attributes));
    }
    return Optional.of(written);
  }

  /**
   * The {@code @Network} interfaces declared inside method bodies (or initialisers and lambdas) of
   * {@code root}'s compilation unit, which annotation processing never hands to a processor. They
   * are not attributed yet, so the annotation is recognised by its written name, {@code Network}
   * or {@code dev.soma.Network}, in a file that imports {@code dev.soma}.
   */
  public List<LocalNetwork> localNetworks(Element root) {
    TreePath path = trees.getPath(root);
    if (path == null) {
      return List.of();
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    boolean importsSoma =
        unit.getImports().stream()
            .map(i -> i.getQualifiedIdentifier().toString())
            .anyMatch(i -> i.equals("dev.soma.*") || i.equals("dev.soma.Network"));
    List<LocalNetwork> found = new ArrayList<>();
    new TreePathScanner<Void, Integer>() {
      @Override
      public Void visitMethod(MethodTree method, Integer depth) {
        return super.visitMethod(method, depth + 1);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Integer depth) {
        return super.visitLambdaExpression(lambda, depth + 1);
      }

      @Override
      public Void visitBlock(BlockTree block, Integer depth) {
        return super.visitBlock(block, depth + 1);
      }

      @Override
      public Void visitClass(ClassTree type, Integer depth) {
        if (depth > 0) {
          for (AnnotationTree annotation : type.getModifiers().getAnnotations()) {
            String name = annotation.getAnnotationType().toString();
            if (name.equals("dev.soma.Network") || (name.equals("Network") && importsSoma)) {
              found.add(new LocalNetwork(type.getSimpleName().toString(), new TreeSite(annotation, unit)));
            }
          }
        }
        // members of a local class are local too; members of a top-level class are not
        return super.visitClass(type, depth);
      }
    }.scan(unit, 0);
    return found;
  }

  /** A {@code @Network} on a local type: its name and where the annotation is written. */
  public static final class LocalNetwork {
    private final String name;
    private final TreeSite site;

    LocalNetwork(String name, TreeSite site) {
      this.name = name;
      this.site = site;
    }

    public String name() {
      return name;
    }

    /** The annotation's tree, for {@link #print}. */
    public Object site() {
      return site;
    }
  }

  /** Prints {@code message} at {@code site}, which must come from this class. */
  public void print(Diagnostic.Kind kind, String message, Object site) {
    TreeSite treeSite = (TreeSite) site;
    trees.printMessage(kind, message, treeSite.tree, treeSite.unit);
  }
}
