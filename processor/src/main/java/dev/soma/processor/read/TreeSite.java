package dev.soma.processor.read;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;

/** A javac source tree and the compilation unit it belongs to: the most precise diagnostic position. */
final class TreeSite {
  final Tree tree;
  final CompilationUnitTree unit;

  TreeSite(Tree tree, CompilationUnitTree unit) {
    this.tree = tree;
    this.unit = unit;
  }
}
