package dev.soma.examples;

import dev.soma.examples.sections.ActivationsSection;
import dev.soma.examples.sections.ApproximationSection;
import dev.soma.examples.sections.CollapseSection;
import dev.soma.examples.sections.DepthSection;
import dev.soma.examples.sections.FashionSection;
import dev.soma.examples.sections.LandscapeSection;
import dev.soma.examples.sections.LayerNormSection;
import dev.soma.examples.sections.NeuronSection;
import dev.soma.examples.sections.PartySection;
import dev.soma.examples.sections.SaddleSection;
import dev.soma.examples.training.FashionExperiments;
import java.util.List;

/** The tour's sections in the lecture's order. */
final class Sections {
  private Sections() {}

  static List<Section> all(TourOptions options) {
    return List.of(
        new NeuronSection(),
        new PartySection(),
        new ActivationsSection(),
        new CollapseSection(),
        new ApproximationSection(options.target()),
        new DepthSection(),
        new LandscapeSection(),
        new SaddleSection(),
        new FashionSection(FashionExperiments.all(), System.getenv("SOMA_DATA")),
        new LayerNormSection());
  }
}
