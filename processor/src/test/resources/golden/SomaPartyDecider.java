package party;

import dev.soma.runtime.Activations;
import dev.soma.runtime.Checks;
import dev.soma.runtime.Init;
import dev.soma.runtime.NetworkFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * @throws IOException if the file cannot be read, is truncated or corrupt, describes far
   *     more data than this network needs, or a tensor is missing, has the wrong shape or holds a
   *     NaN or infinity (the message names it, with expected and found shapes)
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
    float[][][] loaded = NetworkFiles.loadFloats(NetworkFiles.read(in, SHAPES), SHAPES);
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

  @Override
  public String toString() {
    return "SomaPartyDecider[3 -> 2 relu -> 1 sigmoid]";
  }
}
