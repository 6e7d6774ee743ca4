package dev.soma.examples.output;

/** A plot written to the output directory: its file name and the caption the index page shows. */
public record Figure(String file, String caption) {}
