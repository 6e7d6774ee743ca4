package dev.soma.examples.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes XChart charts as PNG files, headless. Text rendering needs fonts; when the JDK finds none
 * (a fresh machine without {@code fontconfig}), the first failure turns plotting off for the run
 * and says what to install, so the sections still print their numbers.
 */
public final class Plotter {
  /** What to install when Java cannot render text. */
  public static final String FONT_HINT =
      "install fonts, e.g. on Debian/Ubuntu: apt-get install -y fontconfig fonts-dejavu-core";

  static {
    headless();
  }

  private final Path directory;
  private String disabledBecause;

  /** A plotter writing into {@code directory}; {@code enabled = false} skips every plot. */
  public Plotter(Path directory, boolean enabled) {
    this.directory = directory;
    this.disabledBecause = enabled ? null : "plots turned off";
  }

  /**
   * Sets {@code java.awt.headless=true} unless the user chose otherwise. Must run before any AWT
   * class asks whether it is headless; {@code Tour.main} calls it first.
   */
  public static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Why plotting is off, or {@code null} while it works. */
  public String disabledBecause() {
    return disabledBecause;
  }

  /**
   * Writes {@code chart} to {@code file} (a name ending in {@code .png}) in the output directory.
   *
   * @return {@code true} if the file was written
   */
  public boolean save(Chart<?, ?> chart, String file) {
    if (disabledBecause != null) {
      return false;
    }
    try {
      BitmapEncoder.saveBitmap(
          chart, directory.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + directory.resolve(file), e);
    } catch (OutOfMemoryError | StackOverflowError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // Without fonts the JDK fails in several ways: an InternalError wrapping a
      // NullPointerException from sun.awt.FontConfiguration ("Fontconfig head is null"), an
      // UnsatisfiedLinkError from libfontmanager (no libfreetype), an Error "No fonts found".
      disabledBecause = "Java could not render the plot text (" + e + "); " + FONT_HINT;
      return false;
    }
  }
}
