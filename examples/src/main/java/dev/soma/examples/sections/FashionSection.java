package dev.soma.examples.sections;

import dev.soma.examples.Section;
import dev.soma.examples.data.FashionMnist;
import dev.soma.examples.output.Progress;
import dev.soma.examples.output.Report;
import dev.soma.examples.output.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Section 9: beyond a linear model on real images. With Fashion-MNIST present, each {@link
 * Experiment} (a linear classifier and an MLP, supplied by the training issue) trains and reports
 * its test accuracy; without the data, one line says how to get it.
 */
public final class FashionSection implements Section {
  /** A model trained on Fashion-MNIST: the hook the generated trainer plugs into. */
  public interface Experiment {
    /** What is trained, e.g. "linear 784 -> 10 softmax". */
    String model();

    /** Trains on the training images and returns the accuracy on the test images. */
    double testAccuracy(FashionMnist data, Progress progress);
  }

  private final List<Experiment> experiments;
  private final String somaData;

  /**
   * The section with {@code experiments}; {@code somaData} is the {@code SOMA_DATA} value or null.
   */
  public FashionSection(List<Experiment> experiments, String somaData) {
    this.experiments = List.copyOf(experiments);
    this.somaData = somaData;
  }

  @Override
  public String name() {
    return "fashion";
  }

  @Override
  public String title() {
    return "9. Beyond a linear model on real images";
  }

  @Override
  public void run(Report report) {
    Optional<Path> directory = FashionMnist.find(somaData);
    if (directory.isEmpty()) {
      report.line(FashionMnist.HOW_TO_GET);
      return;
    }
    report.line(
        "Fashion-MNIST found in "
            + directory.get()
            + ": 60,000 training and 10,000 test images, 28 x 28 pixels, 10 classes.");
    if (experiments.isEmpty()) {
      report.line(
          "Training linear and MLP classifiers on it arrives with the generated trainer"
              + " (the training issue); FashionSection.Experiment is the hook.");
      return;
    }
    FashionMnist data;
    try {
      data = FashionMnist.load(directory.get());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read Fashion-MNIST from " + directory.get(), e);
    }
    Table table = new Table("model", "test accuracy");
    for (Experiment experiment : experiments) {
      double accuracy = experiment.testAccuracy(data, report.progress(experiment.model(), 100));
      table.row(experiment.model(), Table.fixed(100 * accuracy, 2) + " %");
    }
    report.table(table);
  }
}
