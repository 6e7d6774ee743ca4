package dev.soma.spark.bench;

import org.apache.spark.sql.api.java.UDF1;

/**
 * The plain Java UDF a Spark user would write for 784-128 sigmoid-10 softmax: the weights captured
 * in the function (serialised with each task), each row's {@code array<float>} read element by
 * element, a loop forward pass in float (a dot product per neuron over row-major {@code out x in}
 * weights, sigmoid with {@code Math.exp}, a stable softmax), a new {@code float[]} of probabilities
 * per row.
 */
final class JavaMlpUdf implements UDF1<scala.collection.Seq<Object>, float[]> {
  private static final long serialVersionUID = 1L;

  private final float[] w1;
  private final float[] b1;
  private final float[] w2;
  private final float[] b2;
  private final int inputs;
  private final int hidden;
  private final int outputs;

  JavaMlpUdf(float[][] weights, float[][] biases, int[] sizes) {
    this.w1 = weights[0].clone();
    this.b1 = biases[0].clone();
    this.w2 = weights[1].clone();
    this.b2 = biases[1].clone();
    this.inputs = sizes[0];
    this.hidden = sizes[1];
    this.outputs = sizes[2];
  }

  @Override
  public float[] call(scala.collection.Seq<Object> features) {
    float[] x = new float[inputs];
    scala.collection.Iterator<Object> it = features.iterator();
    for (int j = 0; j < inputs; j++) {
      x[j] = ((Number) it.next()).floatValue();
    }
    return forward(x);
  }

  float[] forward(float[] x) {
    float[] h = new float[hidden];
    for (int i = 0; i < hidden; i++) {
      float sum = b1[i];
      int row = i * inputs;
      for (int j = 0; j < inputs; j++) {
        sum += w1[row + j] * x[j];
      }
      h[i] = (float) (1 / (1 + Math.exp(-sum)));
    }
    float[] y = new float[outputs];
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < outputs; i++) {
      float sum = b2[i];
      int row = i * hidden;
      for (int j = 0; j < hidden; j++) {
        sum += w2[row + j] * h[j];
      }
      y[i] = sum;
      max = Math.max(max, sum);
    }
    float total = 0;
    for (int i = 0; i < outputs; i++) {
      y[i] = (float) Math.exp(y[i] - max);
      total += y[i];
    }
    for (int i = 0; i < outputs; i++) {
      y[i] /= total;
    }
    return y;
  }
}
