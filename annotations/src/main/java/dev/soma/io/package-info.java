/**
 * Weight files: {@link dev.soma.io.SafeTensors} reads and writes the safetensors format (the one a
 * generated network's {@code save} writes and {@code load} reads), one {@link dev.soma.io.Tensor}
 * per named array. A malformed file is a {@link dev.soma.io.SafeTensorsException}, never partial
 * data.
 */
package dev.soma.io;
