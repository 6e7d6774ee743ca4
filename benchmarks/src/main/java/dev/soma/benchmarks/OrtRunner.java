package dev.soma.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * An {@link Mlp} run by ONNX Runtime as fast as its Java API allows, one input row or a fixed
 * number of rows per run: the input tensor wraps a direct buffer that each call refills, and the
 * output tensor is pinned, so a call copies floats in and out and allocates only what the API
 * itself allocates.
 */
public final class OrtRunner implements AutoCloseable {
  private final OrtSession session;
  private final FloatBuffer input;
  private final FloatBuffer output;
  private final OnnxTensor inputTensor;
  private final OnnxTensor outputTensor;
  private final Map<String, OnnxTensor> inputs;
  private final Map<String, OnnxTensor> outputs;
  private final int inputWidth;
  private final int outputWidth;

  /**
   * @param threads intra-op and inter-op threads; 0 keeps ONNX Runtime's defaults
   */
  public OrtRunner(Mlp mlp, int threads) throws OrtException {
    this(mlp, threads, 1);
  }

  /**
   * @param threads intra-op and inter-op threads; 0 keeps ONNX Runtime's defaults
   * @param rows input rows per run: the input tensor's shape is {@code [rows, inputs]}
   */
  public OrtRunner(Mlp mlp, int threads, int rows) throws OrtException {
    this(OnnxExport.model(mlp, rows), mlp.inputs(), mlp.outputs(), threads, rows, null);
  }

  /**
   * Runs {@code model}, an ONNX model with input {@code x} ({@code [rows, features]}) and output
   * {@code y} ({@code [rows, results]}), such as {@link OnnxExport#model(Mlp, int,
   * OnnxExport.Weights)} writes.
   *
   * @param optimized where ONNX Runtime writes the graph it actually runs, after its optimisations;
   *     null for nowhere
   */
  public OrtRunner(byte[] model, int features, int results, int threads, int rows, Path optimized)
      throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (threads > 0) {
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(threads);
      }
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (optimized != null) {
        options.setOptimizedModelFilePath(optimized.toString());
      }
      session = environment.createSession(model, options);
    }
    inputWidth = features;
    outputWidth = results;
    input = direct(rows * inputWidth);
    output = direct(rows * outputWidth);
    inputTensor = OnnxTensor.createTensor(environment, input, new long[] {rows, inputWidth});
    outputTensor = OnnxTensor.createTensor(environment, output, new long[] {rows, outputWidth});
    inputs = Map.of(OnnxExport.INPUT, inputTensor);
    outputs = Map.of(OnnxExport.OUTPUT, outputTensor);
  }

  /** Runs the model on {@code x}, writing the outputs into {@code y}. */
  public void forward(float[] x, float[] y) throws OrtException {
    input.put(0, x);
    session.run(inputs, outputs).close();
    output.get(0, y);
  }

  /** Runs the model on the rows {@code xs}, as many as the runner was built for, into {@code ys}. */
  public void forward(float[][] xs, float[][] ys) throws OrtException {
    for (int n = 0; n < xs.length; n++) {
      input.put(n * inputWidth, xs[n]);
    }
    session.run(inputs, outputs).close();
    for (int n = 0; n < ys.length; n++) {
      output.get(n * outputWidth, ys[n]);
    }
  }

  @Override
  public void close() throws OrtException {
    inputTensor.close();
    outputTensor.close();
    session.close();
  }

  private static FloatBuffer direct(int floats) {
    ByteBuffer bytes = ByteBuffer.allocateDirect(floats * Float.BYTES);
    return bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
