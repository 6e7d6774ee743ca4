package dev.soma.examples;

import dev.soma.examples.sections.SaddleSection;
import java.util.List;

/** The tour's sections in the lecture's order. */
final class Sections {
  private Sections() {}

  static List<Section> all(TourOptions options) {
    return List.of(new SaddleSection());
  }
}
