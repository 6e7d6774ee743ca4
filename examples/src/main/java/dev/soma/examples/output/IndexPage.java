package dev.soma.examples.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code index.html}: every section's console text followed by its plots with captions. */
public final class IndexPage {
  private IndexPage() {}

  /** Writes the page to {@code directory/index.html} and returns its path. */
  public static Path write(Path directory, List<SectionLog> sections) throws IOException {
    Path page = directory.resolve("index.html");
    Files.writeString(page, html(sections), StandardCharsets.UTF_8);
    return page;
  }

  static String html(List<SectionLog> sections) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Soma examples tour</title>\n<style>\n")
        .append("body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; }\n")
        .append("pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }\n")
        .append("figure { margin: 1em 0; } img { max-width: 100%; border: 1px solid #ddd; }\n")
        .append("</style>\n</head>\n<body>\n<h1>Soma examples tour</h1>\n")
        .append("<p>The lecture's ideas, computed by Soma-generated networks.</p>\n<ol>\n");
    for (int i = 0; i < sections.size(); i++) {
      html.append("<li><a href=\"#s")
          .append(i + 1)
          .append("\">")
          .append(escape(sections.get(i).title()))
          .append("</a></li>\n");
    }
    html.append("</ol>\n");
    for (int i = 0; i < sections.size(); i++) {
      SectionLog section = sections.get(i);
      html.append("<h2 id=\"s")
          .append(i + 1)
          .append("\">")
          .append(escape(section.title()))
          .append("</h2>\n<pre>")
          .append(escape(section.text()))
          .append("</pre>\n");
      for (Figure figure : section.figures()) {
        html.append("<figure><img src=\"")
            .append(escape(figure.file()))
            .append("\" alt=\"")
            .append(escape(figure.caption()))
            .append("\"><figcaption>")
            .append(escape(figure.caption()))
            .append("</figcaption></figure>\n");
      }
    }
    return html.append("</body>\n</html>\n").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
