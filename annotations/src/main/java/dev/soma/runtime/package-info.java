/**
 * Support for the code the Soma annotation processor generates, and for the processor itself:
 * activation functions, argument checks, weight layouts, initialisation, weight-file plumbing and
 * the bookkeeping of a training run.
 *
 * <p><strong>Not API.</strong> This package is exported only because generated classes in the
 * user's packages call it. Its classes and methods may change or disappear between any two
 * versions of Soma, together with the processor that generates the calls; do not call them from
 * hand-written code. The user-facing API is in {@link dev.soma}, {@link dev.soma.train} and {@link
 * dev.soma.io}.
 */
package dev.soma.runtime;
