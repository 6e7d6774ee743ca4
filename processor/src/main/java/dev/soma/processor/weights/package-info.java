/**
 * Weight files read at compile time: safetensors, NumPy {@code .npy}/{@code .npz}, Keras HDF5
 * ({@code .h5}, through jhdf) and ONNX.
 *
 * <p>One entry point: {@link dev.soma.processor.weights.WeightFiles#read(java.nio.file.Path)} (or
 * {@code read(byte[], String)} for a resource opened through the {@code Filer}) detects the format
 * by content and returns a {@link dev.soma.processor.weights.WeightFile}:
 *
 * <ul>
 *   <li>{@link dev.soma.processor.weights.WeightFile.Tensors} for safetensors, NumPy and Keras
 *       ({@code KerasWeights}: its Dense layers as {@code <layer>.weight} and {@code
 *       <layer>.bias}, in file order): named {@link dev.soma.io.Tensor}s; assign them to the
 *       declared layers with {@link
 *       dev.soma.processor.weights.TensorMatcher#match}, which returns the weights (row-major
 *       {@code out x in}) and biases per layer plus errors and warnings as {@link
 *       dev.soma.processor.diag.Problem}s;
 *   <li>{@link dev.soma.processor.weights.WeightFile.Network} for ONNX: the graph converted to
 *       {@link dev.soma.processor.weights.ImportedLayer}s by {@link
 *       dev.soma.processor.weights.OnnxGraphConverter}, with notes on the constant arithmetic it
 *       folded ({@link dev.soma.processor.weights.ImportedNetwork#foldings}).
 * </ul>
 *
 * <p>Quantized weights (ONNX {@code DequantizeLinear} of integer initializers, folded by {@code
 * Dequantization}; safetensors I8 or U8 with {@code .weight_scale}, read by {@code
 * QuantizedTensors}) arrive dequantized, with how the file quantized them in a {@link
 * dev.soma.processor.model.QuantizedWeights}, so INT8 storage can keep the file's int8 values.
 *
 * <p>Every failure is a checked {@link dev.soma.processor.weights.WeightFileException} carrying a
 * {@link dev.soma.processor.diag.Message} about the file (its text starts {@code "weight file <name>: "})
 * with typed arguments, ready to report as a compile error. No reader allocates from a length it
 * has not checked against the input, so malformed files fail cleanly.
 */
package dev.soma.processor.weights;
