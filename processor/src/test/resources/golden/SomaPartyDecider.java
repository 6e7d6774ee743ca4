package party;

import dev.soma.Activation;
import dev.soma.runtime.Activations;
import dev.soma.runtime.Checks;
import dev.soma.runtime.EpochReport;
import dev.soma.runtime.Init;
import dev.soma.runtime.Layout;
import dev.soma.runtime.Loss;
import dev.soma.runtime.NetworkFiles;
import dev.soma.runtime.OptimizerState;
import dev.soma.runtime.TrainingChecks;
import dev.soma.runtime.TrainingOptions;
import dev.soma.runtime.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.annotation.processing.Generated;

/**
 * The network {@link PartyDecider} compiled by Soma: 3 -> 2 relu -> 1 sigmoid.
 *
 * <p>Instances are immutable and safe to share between threads; forward passes allocate nothing
 * except the array returned by {@code T[] m(T[] x)}.
 */
@Generated("dev.soma.processor.SomaProcessor")
public final class SomaPartyDecider implements PartyDecider {
  /**
   * Inputs of the first layer.
   */
  public static final int INPUTS = 3;

  /**
   * Outputs of the last layer.
   */
  public static final int OUTPUTS = 1;

  /**
   * Dense layers after Soma fused linear pairs.
   */
  public static final int LAYERS = 2;

  /**
   * Weights and biases.
   */
  public static final long PARAMETERS = 11L;

  /**
   * Floating-point operations per inference: two per multiply-add, one per activation and output.
   */
  public static final long FLOPS = 19L;

  /**
   * Array elements of per-thread scratch memory (float values, and int indices of non-zero inputs)
   * each thread that calls this network holds.
   */
  public static final long SCRATCH_VALUES = 0L;

  /**
   * Each layer's tensor name (empty: by position), inputs and outputs, for weight files.
   */
  private static final NetworkFiles.Shapes SHAPES = new NetworkFiles.Shapes(
      new String[] {"", ""},
      new int[] {3, 2},
      new int[] {2, 1});

  /**
   * Layer 1's weights, row-major 2 x 3.
   */
  private final float[] w1;

  /**
   * Layer 1's biases.
   */
  private final float[] b1;

  /**
   * Layer 2's weights, row-major 1 x 2.
   */
  private final float[] w2;

  /**
   * Layer 2's biases.
   */
  private final float[] b2;

  /**
   * Creates the network with the given weights, which are copied.
   *
   * @param weights one array per layer, row-major out x in: {@code weights[l][i * in + j]} is the
   *     weight of input j into neuron i of layer l + 1
   * @param biases one array per layer, of length out
   * @throws IllegalArgumentException if an array has the wrong length: layer 1 has 2 x 3, layer 2 has 1 x 2
   */
  public SomaPartyDecider(float[][] weights, float[][] biases) {
    Checks.count(weights, 2, "weights");
    Checks.count(biases, 2, "biases");
    Checks.length(weights[0], 6, "weights[0] (layer 1, 2 x 3 row-major)");
    Checks.length(biases[0], 2, "biases[0] (layer 1)");
    Checks.length(weights[1], 2, "weights[1] (layer 2, 1 x 2 row-major)");
    Checks.length(biases[1], 1, "biases[1] (layer 2)");
    this.w1 = weights[0].clone();
    this.b1 = biases[0].clone();
    this.w2 = weights[1].clone();
    this.b2 = biases[1].clone();
  }

  /**
   * A network with seeded random weights (He initialisation before ReLU-like activations,
   * Xavier otherwise) and zero biases; the same seed gives the same weights on every JVM.
   */
  public static SomaPartyDecider random(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new SomaPartyDecider(
            new float[][] {Init.floats(Init.he(random, 3, 2)), Init.floats(Init.xavier(random, 2, 1))},
            new float[][] {new float[2], new float[1]});
  }

  /**
   * A copy of the weights, one row-major out x in array per layer.
   */
  public float[][] weights() {
    return new float[][] {w1.clone(), w2.clone()};
  }

  /**
   * A copy of the biases, one array per layer.
   */
  public float[][] biases() {
    return new float[][] {b1.clone(), b2.clone()};
  }

  /**
   * Saves the weights as safetensors: per layer {@code <name>.weight} of shape [out, in] and
   * {@code <name>.bias} of shape [out], unnamed layers as {@code 0}, {@code 1}, ... The file
   * loads back with {@code load} or bakes into a class with {@code @Network(weights = ...)}.
   */
  public void save(Path file) throws IOException {
    NetworkFiles.save(file, SHAPES, weights(), biases());
  }

  /**
   * Loads weights saved by {@code save}, or exported from PyTorch with {@code
   * safetensors.torch.save_file(model.state_dict(), ...)}.
   *
   * @throws IOException if the file cannot be read, is truncated or corrupt, or a tensor is
   *     missing or has the wrong shape (the message names it, with expected and found shapes)
   */
  public static SomaPartyDecider load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    }
  }

  /**
   * Loads weights in safetensors format from {@code in}, which is read to its end but not closed.
   */
  public static SomaPartyDecider load(InputStream in) throws IOException {
    float[][][] loaded = NetworkFiles.loadFloats(NetworkFiles.read(in), SHAPES);
    return new SomaPartyDecider(loaded[0], loaded[1]);
  }

  @Override
  public float attend(float weather, float venue, float company) {
    float[] w1 = this.w1;
    float[] b1 = this.b1;
    float[] w2 = this.w2;
    float[] b2 = this.b2;

    // layer 1: dense 3 -> 2, relu
    float h1_0 = Activations.relu(b1[0] + w1[0] * weather + w1[1] * venue + w1[2] * company);
    float h1_1 = Activations.relu(b1[1] + w1[3] * weather + w1[4] * venue + w1[5] * company);

    // layer 2: dense 2 -> 1, sigmoid
    float h2_0 = Activations.sigmoid(b2[0] + w2[0] * h1_0 + w2[1] * h1_1);

    return h2_0;
  }

  /**
   * A trainer that starts from {@link #random(long) random(options.seed())}.
   *
   * <pre>{@code
   * SomaPartyDecider model =
   *     SomaPartyDecider.trainer(TrainingOptions.of(Loss.BINARY_CROSS_ENTROPY).progress(System.out::println))
   *         .fit(inputs, labels);
   * }</pre>
   *
   * @throws IllegalArgumentException if the options' loss does not fit the output layer, or a
   *     layer uses STEP
   */
  public static Trainer trainer(TrainingOptions options) {
    return new Trainer(options, random(options.seed()));
  }

  /**
   * A trainer that starts from {@code start}'s weights (which it copies).
   *
   * @throws IllegalArgumentException if the options' loss does not fit the output layer, or a
   *     layer uses STEP
   */
  public static Trainer trainer(TrainingOptions options, SomaPartyDecider start) {
    return new Trainer(options, start);
  }

  @Override
  public String toString() {
    return "SomaPartyDecider[3 -> 2 relu -> 1 sigmoid]";
  }

  /**
   * Trains a {@link SomaPartyDecider} by backpropagation: mini-batches, seeded shuffling, the options' optimizer,
   * and a loss that must fit the output layer ({@code CROSS_ENTROPY} after SOFTMAX,
   * {@code BINARY_CROSS_ENTROPY} after SIGMOID, {@code MSE} after anything). Cross-entropy losses
   * are fused with their activation: the gradient at the activation's input is {@code y - t}
   * (divided by the number of outputs for binary cross-entropy, which averages over them).
   *
   * <p>STEP has zero gradient wherever it has one, so a network with a STEP layer cannot be trained
   * and {@code trainer(...)} throws instead of substituting a fake gradient.
   *
   * <p>A trainer holds its own copy of the weights and every buffer it needs, all allocated when it
   * is created: training allocates nothing per example. It is not thread-safe; training on one
   * thread with the same options gives the same weights every time. {@link #fit} may be called
   * again to continue training.
   */
  public static final class Trainer {
    /**
     * Floating-point operations to train on one example, counting each multiply-add of the forward
     * pass, of {@code dW += d x^T} and of {@code W^T d} (not needed for the first layer) as two,
     * plus the forward pass's activations; multiply-adds with zero inputs are skipped at run time.
     */
    public static final long FLOPS = 39L;

    private final TrainingOptions options;

    private final Loss loss;

    private final OptimizerState optimizer;

    /**
     * Layer 1: dense 3 -> 2, relu. Weights by input: {@code w1c[j][i]} is the weight of input j into neuron i.
     */
    private final float[][] w1c;

    private final float[] b1;

    /**
     * Sums of dL/dw over the current batch, by input like {@code w1c}.
     */
    private final float[][] gw1c = new float[3][2];

    /**
     * Sums of dL/db over the current batch.
     */
    private final float[] gb1 = new float[2];

    /**
     * The current example's pre-activation W x + b.
     */
    private final float[] z1 = new float[2];

    /**
     * The current example's output of the layer.
     */
    private final float[] h1 = new float[2];

    /**
     * dL/dz during the backward pass.
     */
    private final float[] d1 = new float[2];

    /**
     * Layer 2: dense 2 -> 1, sigmoid. Weights by input: {@code w2c[j][i]} is the weight of input j into neuron i.
     */
    private final float[][] w2c;

    private final float[] b2;

    /**
     * Sums of dL/dw over the current batch, by input like {@code w2c}.
     */
    private final float[][] gw2c = new float[2][1];

    /**
     * Sums of dL/db over the current batch.
     */
    private final float[] gb2 = new float[1];

    /**
     * The current example's pre-activation W x + b.
     */
    private final float[] z2 = new float[1];

    /**
     * The current example's output of the layer.
     */
    private final float[] h2 = new float[1];

    /**
     * dL/dz during the backward pass.
     */
    private final float[] d2 = new float[1];

    /**
     * The current example's target outputs.
     */
    private final float[] target = new float[1];

    /**
     * The order of the examples, reused while their number stays the same.
     */
    private int[] order;

    private List<EpochReport> history = List.of();

    /**
     * 1 / the examples summed into the gradients by {@link #computeGradients}.
     */
    private double gradientScale;

    /**
     * Correct answers counted by the last {@code evaluate}.
     */
    private int evaluatedCorrect;

    private Trainer(TrainingOptions options, SomaPartyDecider start) {
      TrainingChecks.lossFits(options.loss(), Activation.Kind.SIGMOID, "layer 2 (dense 2 -> 1, sigmoid)");
      this.options = options;
      this.loss = options.loss();
      float[][] weights = start.weights();
      float[][] biases = start.biases();
      this.w1c = Layout.columns(weights[0], 2, 3);
      this.b1 = biases[0];
      this.w2c = Layout.columns(weights[1], 1, 2);
      this.b2 = biases[1];
      this.optimizer = options.optimizer().start();
      for (int j = 0; j < 3; j++) {
        optimizer.add(w1c[j], gw1c[j], true);
      }
      optimizer.add(b1, gb1, false);
      for (int j = 0; j < 2; j++) {
        optimizer.add(w2c[j], gw2c[j], true);
      }
      optimizer.add(b2, gb2, false);
    }

    /**
     * Trains on {@code inputs} with class labels for the options' epochs (or until early stopping)
     * and returns the trained network. A label is the index of the output that should be largest,
     * as a one-hot target; with this network's single output, the label 0 or 1 is the target.
     *
     * @throws IllegalArgumentException if an input has the wrong length or a label is out of range
     */
    public SomaPartyDecider fit(float[][] inputs, int[] labels) {
      TrainingChecks.rows(inputs, -1, 3, "inputs");
      TrainingChecks.labels(labels, inputs.length, 2, "labels");
      return train(inputs, labels, null, null, null, null);
    }

    /**
     * Like {@link #fit(float[][], int[])}, and after every epoch measures loss and accuracy on the
     * validation set, which early stopping then monitors.
     */
    public SomaPartyDecider fit(float[][] inputs, int[] labels, float[][] validationInputs,
        int[] validationLabels) {
      TrainingChecks.rows(inputs, -1, 3, "inputs");
      TrainingChecks.labels(labels, inputs.length, 2, "labels");
      TrainingChecks.rows(validationInputs, -1, 3, "validationInputs");
      TrainingChecks.labels(validationLabels, validationInputs.length, 2, "validationLabels");
      return train(inputs, labels, null, validationInputs, validationLabels, null);
    }

    /**
     * Trains on {@code inputs} with target output vectors and returns the trained network.
     *
     * @throws IllegalArgumentException if an input or target has the wrong length
     */
    public SomaPartyDecider fit(float[][] inputs, float[][] targets) {
      TrainingChecks.rows(inputs, -1, 3, "inputs");
      TrainingChecks.rows(targets, inputs.length, 1, "targets");
      return train(inputs, null, targets, null, null, null);
    }

    /**
     * Like {@link #fit(float[][], float[][])}, with a validation set measured after every epoch.
     */
    public SomaPartyDecider fit(float[][] inputs, float[][] targets, float[][] validationInputs,
        float[][] validationTargets) {
      TrainingChecks.rows(inputs, -1, 3, "inputs");
      TrainingChecks.rows(targets, inputs.length, 1, "targets");
      TrainingChecks.rows(validationInputs, -1, 3, "validationInputs");
      TrainingChecks.rows(validationTargets, validationInputs.length, 1, "validationTargets");
      return train(inputs, null, targets, validationInputs, null, validationTargets);
    }

    /**
     * The share of {@code inputs} the current weights classify as {@code labels}, in [0, 1].
     */
    public double accuracy(float[][] inputs, int[] labels) {
      TrainingChecks.rows(inputs, -1, 3, "inputs");
      TrainingChecks.labels(labels, inputs.length, 2, "labels");
      evaluate(inputs, labels, null);
      return (double) evaluatedCorrect / inputs.length;
    }

    /**
     * The mean loss of the current weights on {@code inputs} and their target outputs.
     */
    public double loss(float[][] inputs, float[][] targets) {
      TrainingChecks.rows(inputs, -1, 3, "inputs");
      TrainingChecks.rows(targets, inputs.length, 1, "targets");
      return evaluate(inputs, null, targets) / inputs.length;
    }

    /**
     * The reports of the epochs of the last {@code fit}, in order.
     */
    public List<EpochReport> history() {
      return history;
    }

    /**
     * A network with the current weights (a copy: training on does not change it).
     */
    public SomaPartyDecider model() {
      return new SomaPartyDecider(new float[][] {Layout.rows(w1c, 2, 3), Layout.rows(w2c, 1, 2)}, new float[][] {b1, b2});
    }

    /**
     * Computes, without changing any weight, the gradient of the mean loss over {@code inputs}
     * with respect to every weight and bias, readable afterwards with {@link #weightGradients()}
     * and {@link #biasGradients()}; for gradient checks and inspection.
     *
     * @return the mean loss
     */
    public double computeGradients(float[][] inputs, float[][] targets) {
      TrainingChecks.rows(inputs, -1, 3, "inputs");
      TrainingChecks.rows(targets, inputs.length, 1, "targets");
      zeroGradients();
      double lossSum = 0;
      for (int k = 0; k < inputs.length; k++) {
        loadTarget(null, targets, k);
        forward(inputs[k]);
        lossSum += lossValue();
        outputDelta();
        backward(inputs[k]);
      }
      gradientScale = 1.0 / inputs.length;
      return lossSum / inputs.length;
    }

    /**
     * dL/dW from {@link #computeGradients}, one row-major out x in array per layer like {@code weights()}.
     */
    public float[][] weightGradients() {
      return new float[][] {scaled(Layout.rows(gw1c, 2, 3)), scaled(Layout.rows(gw2c, 1, 2))};
    }

    /**
     * dL/db from {@link #computeGradients}, one array per layer.
     */
    public float[][] biasGradients() {
      return new float[][] {scaled(gb1.clone()), scaled(gb2.clone())};
    }

    /**
     * Epochs of mini-batch training; labels or targets (and their validation counterparts) are null.
     */
    private SomaPartyDecider train(float[][] inputs, int[] labels, float[][] targets,
        float[][] validationInputs, int[] validationLabels, float[][] validationTargets) {
      int examples = inputs.length;
      TrainingRun run = new TrainingRun(options, examples, order);
      order = run.order();
      zeroGradients();
      int batch = options.batchSize();
      while (run.nextEpoch()) {
        int[] order = run.order();
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < examples; from += batch) {
          int to = Math.min(from + batch, examples);
          for (int k = from; k < to; k++) {
            int example = order[k];
            float[] x = inputs[example];
            loadTarget(labels, targets, example);
            forward(x);
            lossSum += lossValue();
            if (correct()) {
              correct++;
            }
            outputDelta();
            backward(x);
          }
          optimizer.step(1.0 / (to - from));
        }
        run.trained(lossSum, correct);
        if (validationInputs != null) {
          double validationLoss = evaluate(validationInputs, validationLabels, validationTargets);
          run.finish(validationLoss, evaluatedCorrect, validationInputs.length);
        } else {
          run.finish(0, 0, 0);
        }
      }
      history = run.reports();
      return model();
    }

    /**
     * The summed loss over a data set; the correct answers go to {@code evaluatedCorrect}.
     */
    private double evaluate(float[][] inputs, int[] labels, float[][] targets) {
      double lossSum = 0;
      int correct = 0;
      for (int k = 0; k < inputs.length; k++) {
        loadTarget(labels, targets, k);
        forward(inputs[k]);
        lossSum += lossValue();
        if (correct()) {
          correct++;
        }
      }
      evaluatedCorrect = correct;
      return lossSum;
    }

    /**
     * Sets {@code target} from a label (one-hot) or a target row.
     */
    private void loadTarget(int[] labels, float[][] targets, int example) {
      if (labels == null) {
        System.arraycopy(targets[example], 0, target, 0, 1);
      } else {
        target[0] = labels[example];
      }
    }

    private void zeroGradients() {
      for (float[] column : gw1c) {
        Arrays.fill(column, 0);
      }
      Arrays.fill(gb1, 0);
      for (float[] column : gw2c) {
        Arrays.fill(column, 0);
      }
      Arrays.fill(gb2, 0);
    }

    /**
     * Runs the network on {@code x}, keeping every layer's pre-activation and output.
     */
    private void forward(float[] x) {
      forward1(x);
      forward2(h1);
    }

    /**
     * Layer 1: dense 3 -> 2, relu, keeping {@code z1} and the activations' outputs.
     */
    private void forward1(float[] x) {
      float[] z = this.z1;
      System.arraycopy(b1, 0, z, 0, 2);
      for (int j = 0; j < 3; j++) {
        float xj = x[j];
        if (xj == 0) {
          continue;
        }
        float[] column = w1c[j];
        for (int i = 0; i < 2; i++) {
          z[i] += column[i] * xj;
        }
      }
      for (int i = 0; i < 2; i++) {
        h1[i] = Activations.relu(z1[i]);
      }
    }

    /**
     * Layer 2: dense 2 -> 1, sigmoid, keeping {@code z2} and the activations' outputs.
     */
    private void forward2(float[] x) {
      float[] z = this.z2;
      System.arraycopy(b2, 0, z, 0, 1);
      for (int j = 0; j < 2; j++) {
        float xj = x[j];
        if (xj == 0) {
          continue;
        }
        float[] column = w2c[j];
        for (int i = 0; i < 1; i++) {
          z[i] += column[i] * xj;
        }
      }
      for (int i = 0; i < 1; i++) {
        h2[i] = Activations.sigmoid(z2[i]);
      }
    }

    /**
     * The current example's loss, from the cached forward pass and {@code target}.
     */
    private double lossValue() {
      double sum = 0;
      if (loss == Loss.BINARY_CROSS_ENTROPY) {
        // -(t log sigmoid(u) + (1 - t) log(1 - sigmoid(u))) = max(u, 0) - u t + log(1 + e^-|u|)
        for (int i = 0; i < 1; i++) {
          double u = z2[i];
          sum += Math.max(u, 0) - u * target[i] + Math.log1p(Math.exp(-Math.abs(u)));
        }
        return sum / 1;
      }
      // mean squared error
      for (int i = 0; i < 1; i++) {
        double error = h2[i] - target[i];
        sum += error * error;
      }
      return sum / 1;
    }

    /**
     * Whether the output is within 0.5 of the target.
     */
    private boolean correct() {
      return Math.abs(h2[0] - target[0]) < 0.5;
    }

    /**
     * Sets {@code d2} to dL/dz2, the loss's gradient at the output layer's pre-activation.
     */
    private void outputDelta() {
      if (loss == Loss.BINARY_CROSS_ENTROPY) {
        // fused with sigmoid: dL/du = (y - t) / outputs
        for (int i = 0; i < 1; i++) {
          d2[i] = (h2[i] - target[i]) * 1.0f;
        }
      } else {
        // mean squared error: dL/dy = 2 (y - t) / outputs
        for (int i = 0; i < 1; i++) {
          d2[i] = (h2[i] - target[i]) * 2.0f;
        }
        // through sigmoid
        for (int i = 0; i < 1; i++) {
          d2[i] *= Activations.sigmoidDerivative(z2[i]);
        }
      }
    }

    /**
     * Backpropagates {@code d2}, set by {@link #outputDelta}, through every layer; {@code x} is the input.
     */
    private void backward(float[] x) {
      backward2(h1);
      backward1(x);
    }

    /**
     * Backward through layer 2: adds its gradients, from {@code d2} = dL/dz2 and the layer's input
     * {@code x}, and sets {@code d1} = dL/dz1.
     */
    private void backward2(float[] x) {
      float[] d = this.d2;
      // db += d
      for (int i = 0; i < 1; i++) {
        gb2[i] += d[i];
      }
      // dW += d x^T, by input column
      for (int j = 0; j < 2; j++) {
        float xj = x[j];
        if (xj == 0) {
          continue;
        }
        float[] column = gw2c[j];
        for (int i = 0; i < 1; i++) {
          column[i] += d[i] * xj;
        }
      }
      // dL/dh1 = W^T d, then through layer 1's activations to dL/dz1
      float[] previous = this.d1;
      for (int j = 0; j < 2; j++) {
        float[] column = w2c[j];
        float sum = 0;
        for (int i = 0; i < 1; i++) {
          sum += column[i] * d[i];
        }
        previous[j] = sum;
      }
      // through relu
      for (int i = 0; i < 2; i++) {
        d1[i] *= Activations.reluDerivative(z1[i]);
      }
    }

    /**
     * Backward through layer 1: adds its gradients, from {@code d1} = dL/dz1 and the layer's input
     * {@code x}.
     */
    private void backward1(float[] x) {
      float[] d = this.d1;
      // db += d
      for (int i = 0; i < 2; i++) {
        gb1[i] += d[i];
      }
      // dW += d x^T, by input column
      for (int j = 0; j < 3; j++) {
        float xj = x[j];
        if (xj == 0) {
          continue;
        }
        float[] column = gw1c[j];
        for (int i = 0; i < 2; i++) {
          column[i] += d[i] * xj;
        }
      }
    }

    private float[] scaled(float[] values) {
      for (int k = 0; k < values.length; k++) {
        values[k] *= (float) gradientScale;
      }
      return values;
    }
  }
}
