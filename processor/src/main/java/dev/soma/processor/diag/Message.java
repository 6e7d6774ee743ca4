package dev.soma.processor.diag;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic Soma prints, in one place so they read alike and tests can refer to them. Each
 * says what is wrong, with the numbers involved, and how to fix it.
 */
public enum Message {
  NETWORK_NOT_INTERFACE(Kind.ERROR, "@Network must annotate an interface, but %s is %s; declare it as an interface"),
  NETWORK_GENERIC(Kind.ERROR, "@Network interface %s declares type parameters; a network computes on float or double arrays, so remove them"),
  NETWORK_NOT_ACCESSIBLE(Kind.ERROR, "@Network interface %s is private, so the generated class cannot implement it; make it package-private or public"),
  NETWORK_LOCAL(Kind.ERROR, "@Network interface %s is declared inside a method, where annotation processors never see it, so no class would be generated; declare it at the top level or as a member of a class"),
  NETWORK_SEALED(Kind.ERROR, "@Network interface %s is sealed and does not permit %s, the class Soma generates for it; add it to the permits clause (permits %s, ...) or make the interface non-sealed"),
  LAYER_WITHOUT_NETWORK(Kind.ERROR, "@%s on %s has no effect without @Network; add @Network to %s"),
  NO_LAYERS(Kind.ERROR, "@Network %s declares no @Dense layer; add at least one, for example @Dense(in = 3, out = 1)"),
  SIZE_BELOW_ONE(Kind.ERROR, "layer %d: @Dense(%s = %d) must be at least 1"),
  LAYER_TOO_LARGE(Kind.ERROR, "layer %d: @Dense(in = %d, out = %d) has %d weights, more than a Java array holds (%d)"),
  SHAPE_MISMATCH(Kind.ERROR, "layer %d @Dense(in = %d) does not match layer %d's out = %d; set in = %d"),
  INPUT_COUNT_MISMATCH(Kind.ERROR, "method %s takes %d inputs but layer 1 has @Dense(in = %d); declare %d parameters or set in = %d"),
  SCALAR_OUTPUT_MISMATCH(Kind.ERROR, "method %s returns a single %s but the last layer (layer %d) has out = %d; return %s[] or set out = 1"),
  ARGMAX_NEEDS_OUTPUTS(Kind.ERROR, "method %s returns the index of the largest output, which needs at least 2 outputs, but the last layer (layer %d) has out = %d"),
  WEIGHTS_LENGTH(Kind.ERROR, "layer %d: weights has %d values but @Dense(in = %d, out = %d) needs in * out = %d (row-major: %d rows of %d)"),
  BIAS_LENGTH(Kind.ERROR, "layer %d: bias has %d values but @Dense(out = %d) needs %d"),
  WEIGHTS_WITHOUT_BIAS(Kind.ERROR, "layer %d gives weights but no bias; add bias with %d values (zeros if the layer has no bias)"),
  BIAS_WITHOUT_WEIGHTS(Kind.ERROR, "layer %d gives bias but no weights; add weights with %d values (row-major, out x in)"),
  PARTIAL_WEIGHTS(Kind.ERROR, "layer %d has no inline weights but layer %d has; give every layer weights and bias, or none (then they come at run time)"),
  NON_FINITE_WEIGHT(Kind.ERROR, "layer %d: %s[%d] is %s; inline weights must be finite numbers"),
  DUPLICATE_LAYER_NAME(Kind.ERROR, "layers %d and %d are both named \"%s\"; layer names must be unique"),
  ACTIVATION_BEFORE_DENSE(Kind.ERROR, "@Activation(%s) comes before any @Dense; write it after the @Dense whose output it transforms"),
  ACTIVATION_TWICE(Kind.ERROR, "layer %d has both activation = %s and @Activation(%s); keep one of them"),
  ORDER_UNKNOWN(Kind.ERROR, "cannot tell which @Dense each @Activation follows: this compiler does not expose source order, and %s has %d @Dense but %d @Activation; use the activation attribute, @Dense(in = .., out = .., activation = RELU), or write @Activation(IDENTITY) after every linear @Dense"),
  SOFTMAX_SINGLE_OUTPUT(Kind.ERROR, "layer %d: SOFTMAX over a single output is always 1; use SIGMOID for a binary output"),
  LAYER_NORM_BEFORE_DENSE(Kind.ERROR, "@LayerNorm comes before any @Dense; write it after the @Dense (or the @Activation) whose output it normalises"),
  LAYER_NORM_ORDER_UNKNOWN(Kind.ERROR, "cannot tell which @Dense each @LayerNorm follows: this compiler does not expose source order; compile %s with javac"),
  LAYER_NORM_EPSILON(Kind.ERROR, "layer %d: @LayerNorm(epsilon = %s) must be a positive finite number, such as 1e-5"),
  LAYER_NORM_SINGLE_FEATURE(Kind.ERROR, "layer %d: @LayerNorm over a single feature always gives beta, since x - mean is 0; normalise a layer with at least 2 outputs"),
  LAYER_NORM_LENGTH(Kind.ERROR, "layer %d: %s has %d values but @LayerNorm after a layer of %d outputs needs %d, one per feature"),
  LAYER_NORM_PARTIAL(Kind.ERROR, "layer %d gives %s but no %s; give both, %d values each (gamma = 1 and beta = 0 leave the normalised values as they are)"),
  UNSUPPORTED_METHOD(Kind.ERROR, "method %s is not a form Soma can implement; the accepted forms, with T = float or double, are: T[] m(T[] x), void m(T[] x, T[] y), T m(T a, T b, ...), int m(T[] x), void m(T[][] xs, T[][] ys)"),
  MIXED_PRECISION(Kind.ERROR, "%s mixes float and double: %s uses %s but %s uses %s; Soma computes a network in one precision, so use one of them in every method"),
  LINEAR_COLLAPSE(Kind.WARNING, "layers %d and %d have no activation between them, so together they are one linear layer: W2(W1 x + b1) + b2 = W' x + b' with W' = W2 W1, b' = W2 b1 + b2%s; add an activation after layer %d, or write @SuppressWarnings(\"soma\") on the interface if this is intended"),
  ACTIVATIONS_IN_A_ROW(Kind.WARNING, "layer %d has %d activations in a row (%s), applied in that order; did you mean a @Dense between them?"),
  ALPHA_NOT_FINITE(Kind.ERROR, "layer %d: alpha = %s is not a finite number; give the leaky-ReLU slope as a finite number such as 0.01"),
  ALPHA_IGNORED(Kind.WARNING, "alpha = %s has no effect on %s; it is the slope of LEAKY_RELU"),
  WEIGHTS_FILE_NOT_FOUND(Kind.ERROR, "weight file \"%s\" not found; searched %s; put it in src/main/resources or pass -Asoma.weights.dir=<directory>"),
  WEIGHTS_FILE_TOO_LARGE(Kind.ERROR, "weight file %s: %d bytes; weight files of 2 GB or more are not supported"),
  WEIGHTS_FILE_OVER_LIMIT(Kind.ERROR, "weight file %s: holds more than %d bytes, more than the declared network can need (%d weights and biases at 8 bytes each, plus %d bytes for headers and graph); check that the file belongs to this declaration"),
  WEIGHTS_FILE_OVER_HARD_CAP(Kind.ERROR, "weight file %s: holds more than %d bytes, the most Soma reads of a weight file"),
  WEIGHTS_FILE_NOT_REGULAR(Kind.ERROR, "weight file %s: not a regular file (a directory, a device or a pipe); name the file itself"),
  WEIGHTS_FILE_MISSING(Kind.ERROR, "weight file %s: no such file"),
  WEIGHTS_FILE_UNREADABLE(Kind.ERROR, "weight file %s: cannot read: %s"),
  SAFETENSORS_INVALID(Kind.ERROR, "weight file %s: invalid safetensors file: %s"),
  WEIGHTS_FILE_UNRECOGNISED(Kind.ERROR, "weight file %s: not a recognised weight file (safetensors, NumPy .npy/.npz, Keras HDF5 or ONNX); read as ONNX: %s"),
  NPY_MAGIC(Kind.ERROR, "weight file %s: '%s' does not start with the .npy magic \\x93NUMPY"),
  NPY_PREAMBLE_TRUNCATED(Kind.ERROR, "weight file %s: '%s' is truncated inside the .npy preamble"),
  NPY_HEADER_TRUNCATED(Kind.ERROR, "weight file %s: '%s': .npy header length %d exceeds the %d bytes after it (truncated file?)"),
  NPY_VERSION(Kind.ERROR, "weight file %s: '%s': .npy format version %d.%d; expected 1.0, 2.0 or 3.0"),
  NPY_DTYPE(Kind.ERROR, "weight file %s: '%s' has dtype '%s'; expected float16/32/64: '<f4', '>f4', '<f8', '>f8', '<f2' or '>f2'"),
  NPY_TOO_LARGE(Kind.ERROR, "weight file %s: '%s' with shape %s is 2 GB or larger"),
  NPY_DATA_TRUNCATED(Kind.ERROR, "weight file %s: '%s' with dtype '%s' and shape %s needs %d data bytes; found %d (truncated file?)"),
  NPY_DATA_TOO_LONG(Kind.ERROR, "weight file %s: '%s' with dtype '%s' and shape %s needs %d data bytes; found %d"),
  NPY_HEADER_NO_DESCR(Kind.ERROR, "weight file %s: '%s': .npy header lacks a string 'descr'"),
  NPY_HEADER_NO_FORTRAN_ORDER(Kind.ERROR, "weight file %s: '%s': .npy header lacks 'fortran_order' True/False"),
  NPY_HEADER_NO_SHAPE(Kind.ERROR, "weight file %s: '%s': .npy header lacks a 'shape' tuple"),
  NPY_SHAPE_INVALID(Kind.ERROR, "weight file %s: '%s': .npy shape %s holds an invalid dimension"),
  NPY_HEADER_EXPECTED(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: expected %s in %s"),
  NPY_HEADER_TRAILING_TEXT(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: unexpected text after the dictionary in %s"),
  NPY_HEADER_VALUE(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: unexpected value in %s"),
  NPY_HEADER_DIMENSION(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: expected a non-negative integer in the shape in %s"),
  NPY_HEADER_DIMENSION_TOO_LARGE(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: shape dimension too large in %s"),
  NPY_HEADER_STRING(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: expected a quoted string in %s"),
  NPY_HEADER_UNTERMINATED_STRING(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: unterminated string in %s"),
  NPY_HEADER_END(Kind.ERROR, "weight file %s: '%s': invalid .npy header at character %d: unexpected end of the header in %s"),
  NPZ_ENTRY_NOT_NPY(Kind.ERROR, "weight file %s: .npz entry '%s' is not a .npy array"),
  NPZ_DUPLICATE_ARRAY(Kind.ERROR, "weight file %s: .npz has two arrays named '%s'"),
  NPZ_CORRUPT(Kind.ERROR, "weight file %s: corrupted .npz (zip) archive: %s"),
  NPZ_UNREADABLE(Kind.ERROR, "weight file %s: unreadable .npz (zip) archive: %s"),
  NPZ_NO_ENTRY(Kind.ERROR, "weight file %s: corrupted .npz (zip) archive: no entry could be read"),
  NPZ_ENTRY_TOO_LARGE(Kind.ERROR, "weight file %s: .npz entry '%s' inflates to 2 GB or more"),
  PROTOBUF_FIELD_NUMBER(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: invalid field number %d"),
  PROTOBUF_GROUP(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: field %d uses the unsupported group encoding"),
  PROTOBUF_WIRE_TYPE(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: field %d has invalid wire type %d"),
  PROTOBUF_VARINT_TRUNCATED(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: truncated varint"),
  PROTOBUF_VARINT_TOO_LONG(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: varint longer than 10 bytes"),
  PROTOBUF_LENGTH(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: field %d declares %s bytes but only %d remain (truncated or corrupted file)"),
  PROTOBUF_UTF8(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: field %d is not valid UTF-8 text"),
  PROTOBUF_DEPTH(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: messages nested deeper than %d levels"),
  PROTOBUF_PACKED_LENGTH(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: packed %s field %d has %d bytes, not a multiple of %d"),
  PROTOBUF_SKIP(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: cannot skip wire type %d"),
  PROTOBUF_WIRE_TYPE_EXPECTED(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: field %d has wire type %d; expected %d"),
  PROTOBUF_TRUNCATED(Kind.ERROR, "weight file %s: malformed protobuf at byte %d: truncated %s (%d bytes needed, %d left)"),
  ONNX_NO_GRAPH(Kind.ERROR, "weight file %s: no graph (ModelProto field 7); not an ONNX model"),
  ONNX_DUPLICATE_INITIALIZER(Kind.ERROR, "weight file %s: two initializers are named '%s'"),
  ONNX_NEGATIVE_DIMENSION(Kind.ERROR, "weight file %s: tensor '%s' has a negative dimension in %s"),
  ONNX_TENSOR_TOO_LARGE(Kind.ERROR, "weight file %s: tensor '%s' with dims %s is too large"),
  ONNX_EXTERNAL_DATA(Kind.ERROR, "weight file %s: tensor '%s' is stored in an external data file, which Soma does not read; export with all tensors inside the model (save_as_external_data=False)"),
  ONNX_DATA_TYPE(Kind.ERROR, "weight file %s: tensor '%s' has data type %s; expected FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT32 or INT64 (integer weights of 8 or 16 bits only through DequantizeLinear)"),
  ONNX_RAW_DATA_LENGTH(Kind.ERROR, "weight file %s: tensor '%s' with dims %s needs %d bytes of raw_data; found %d"),
  ONNX_VALUE_COUNT(Kind.ERROR, "weight file %s: tensor '%s' with dims %s needs %d values; found %d"),
  ONNX_UNSUPPORTED_OPERATOR(Kind.ERROR, "weight file %s: unsupported ONNX operator %s; Soma supports %s. Instead: %s"),
  ONNX_UNSUPPORTED_OPERATORS(Kind.ERROR, "weight file %s: unsupported ONNX operators %s; Soma supports %s. Instead: %s"),
  ONNX_NO_OUTPUT(Kind.ERROR, "weight file %s: %s has no output"),
  ONNX_PRODUCED_TWICE(Kind.ERROR, "weight file %s: value '%s' is produced twice (by %s and %s)"),
  ONNX_PRODUCED_AND_INITIALIZER(Kind.ERROR, "weight file %s: value '%s' is produced twice (by %s and an initializer)"),
  ONNX_MISSING_INPUT(Kind.ERROR, "weight file %s: %s reads '%s', which no node, initializer or graph input provides"),
  ONNX_INPUT_COUNT(Kind.ERROR, "weight file %s: %s has %d inputs; expected %s"),
  ONNX_FIRST_INPUT_EMPTY(Kind.ERROR, "weight file %s: %s has %d inputs, the first one empty; the first input is required"),
  ONNX_CONSTANT_FORM(Kind.ERROR, "weight file %s: %s must have one output and one value attribute"),
  ONNX_CONSTANT_NO_TENSOR(Kind.ERROR, "weight file %s: %s: attribute 'value' holds no tensor"),
  ONNX_CONSTANT_ATTRIBUTE(Kind.ERROR, "weight file %s: %s has attribute '%s'; Soma reads value, value_float, value_int and value_floats"),
  ONNX_CYCLE(Kind.ERROR, "weight file %s: the graph has a cycle through %s"),
  ONNX_DATA_INPUTS(Kind.ERROR, "weight file %s: the graph has %d data inputs %s (graph inputs that are not initializers); a Soma network takes exactly one"),
  ONNX_OUTPUTS(Kind.ERROR, "weight file %s: the graph has %d outputs %s; a Soma network has exactly one"),
  ONNX_BRANCHES(Kind.ERROR, "weight file %s: the graph branches: %s lie off the single path from input to output"),
  ONNX_INPUT_SHAPE(Kind.ERROR, "weight file %s: graph input '%s' has shape %s (%d features), but the first layer takes %d inputs"),
  ONNX_TRANSPOSE_RANK(Kind.ERROR, "weight file %s: %s of constant '%s' with shape %s; Soma folds only 2-D transposes"),
  ONNX_TRANSPOSE_PERM(Kind.ERROR, "weight file %s: %s of constant '%s' with shape %s and perm %s; Soma folds only 2-D transposes"),
  ONNX_NO_LAYER(Kind.ERROR, "weight file %s: the graph has no Gemm or MatMul: no dense layer to import"),
  ONNX_PATH_END(Kind.ERROR, "weight file %s: the data path ends at '%s', not at the graph output '%s'"),
  ONNX_OUTPUT_FEEDS(Kind.ERROR, "weight file %s: value '%s' is a graph output and also feeds %s; the graph must end at its output"),
  ONNX_DATA_TRANSPOSE(Kind.ERROR, "weight file %s: %s transposes the data; Soma folds Transpose only on constant weights"),
  ONNX_DEQUANTIZE_TYPE(Kind.ERROR, "weight file %s: %s dequantizes '%s' of data type %s; Soma reads INT8, UINT8, INT16, UINT16 and INT32 quantized weights"),
  ONNX_DEQUANTIZE_SCALE_SHAPE(Kind.ERROR, "weight file %s: %s: scale '%s' has shape %s, which does not fit '%s' of shape %s with axis = %d and block_size = %d; expected a scalar (per tensor), [dims[axis]] (per axis) or, with block_size, the input's shape with ceil(dims[axis] / block_size) along axis"),
  ONNX_DEQUANTIZE_ZERO_POINT(Kind.ERROR, "weight file %s: %s: zero point '%s' is %s; expected %s, the input's data type and the scale's shape"),
  ONNX_MISPLACED(Kind.ERROR, "weight file %s: %s cannot appear on the data path; there Soma takes Gemm, MatMul, constant Add, Sub, Mul and Div, BatchNormalization after a layer, activations, Softmax, Flatten, Reshape, Identity and Dropout"),
  ONNX_BRANCH_BEFORE_LAYER(Kind.ERROR, "weight file %s: the graph branches or applies %s before the first Gemm or MatMul; before it Soma accepts Flatten, Reshape, Identity, Dropout and Add, Sub, Mul or Div by a constant (folded into the first layer)"),
  ONNX_AFFINE_NOT_FOLDABLE(Kind.ERROR, "weight file %s: constant arithmetic %s is followed by %s, not by a Gemm or MatMul; Soma folds Add, Sub, Mul and Div by a constant into the next dense layer, or into the previous one before its activation"),
  ONNX_AFFINE_AT_OUTPUT(Kind.ERROR, "weight file %s: constant arithmetic %s follows the %s activation of the last layer (%s); Soma folds Add, Sub, Mul and Div by a constant only into a dense layer, so apply it to the network's outputs in your code"),
  ONNX_INPUT_AFFINE_SHAPE(Kind.ERROR, "weight file %s: %s: constant '%s' has shape %s; to fold it into %s Soma needs a scalar or one value per input feature (%d)"),
  ONNX_FOLDED_INPUT(Kind.NOTE, "weight file %s: %s reads %s, computed by %s; Soma folds this into that layer's weights and bias"),
  ONNX_FOLDED_OUTPUT(Kind.NOTE, "weight file %s: %s, constant arithmetic on the output of %s before any activation, is folded into that layer's weights and bias"),
  ONNX_SECOND_DATA_INPUT(Kind.ERROR, "weight file %s: %s combines '%s' with '%s', which is not a constant; Soma imports a single chain of layers"),
  ONNX_EXTRA_OUTPUT_USED(Kind.ERROR, "weight file %s: %s output %d ('%s') is used; only the first output may be"),
  ONNX_LAYER_CHAIN(Kind.ERROR, "weight file %s: %s takes %d inputs, but the previous layer (%s) gives %d"),
  ONNX_NOT_CONSTANT(Kind.ERROR, "weight file %s: %s: %s '%s' must be an initializer or a Constant"),
  ONNX_GEMM_DATA(Kind.ERROR, "weight file %s: %s: the data must be input A (the first input)"),
  ONNX_GEMM_TRANS_A(Kind.ERROR, "weight file %s: %s: transA = 1 is not supported; the data must be [batch, in]"),
  ONNX_MATMUL_DATA(Kind.ERROR, "weight file %s: %s: the data must be the first input (x @ W with W of shape [in, out])"),
  ONNX_WEIGHT_SHAPE(Kind.ERROR, "weight file %s: %s: weight '%s' has shape %s; expected a matrix with no zero dimension"),
  ONNX_PER_OUTPUT_SHAPE(Kind.ERROR, "weight file %s: %s: constant '%s' has shape %s; expected a scalar or [%d] to apply per output"),
  ONNX_BEFORE_FIRST_LAYER(Kind.ERROR, "weight file %s: %s comes before the first Gemm or MatMul; Soma imports layers that start with one"),
  ONNX_AFTER_ACTIVATION(Kind.ERROR, "weight file %s: %s follows the %s activation of %s; Soma folds it only between a Gemm or MatMul and its activation"),
  ONNX_BATCH_NORM_DATA(Kind.ERROR, "weight file %s: %s: the data must be input X"),
  ONNX_BATCH_NORM_TRAINING(Kind.ERROR, "weight file %s: %s: training_mode = 1; export the model in eval mode"),
  ONNX_LAYER_NORM_AXIS(Kind.ERROR, "weight file %s: %s: axis = %d; Soma normalises over the features (axis -1 or 1)"),
  ONNX_SOFTMAX_AXIS(Kind.ERROR, "weight file %s: %s: axis = %d; Soma applies softmax over the features (axis -1 or 1)"),
  ONNX_RESHAPE_RANK(Kind.ERROR, "weight file %s: %s reshapes to rank %d; Soma keeps each sample a flat vector ([batch, n] or [n])"),
  ONNX_RESHAPE_FEATURES(Kind.ERROR, "weight file %s: %s reshapes %d features to %d"),
  ONNX_RESHAPE_BEFORE_LAYER(Kind.ERROR, "weight file %s: %s gives %d features, but %s takes %d inputs"),
  ONNX_RESHAPE_AT_OUTPUT(Kind.ERROR, "weight file %s: %s gives %d features, but the output has %d features"),
  ONNX_ELEMENTWISE_BRANCHES(Kind.ERROR, "weight file %s: after %s the graph branches (%s read '%s'), and the element-wise part [%s] does not end in a single value; Soma imports one chain of dense layers"),
  ONNX_ELEMENTWISE_ORDER(Kind.ERROR, "weight file %s: cannot order the element-wise nodes after '%s'"),
  ONNX_GELU_APPROXIMATE(Kind.ERROR, "weight file %s: %s: unknown approximate = \"%s\""),
  ONNX_NO_ACTIVATION(Kind.ERROR, "weight file %s: the element-wise operators %s after %s compute no single activation Soma supports (IDENTITY, SIGMOID, TANH, RELU, LEAKY_RELU, SWISH, GELU, GELU_TANH); write it as one of them, or as several activation operators in a row"),
  KERAS_INVALID(Kind.ERROR, "weight file %s: cannot read the Keras HDF5 file: %s"),
  KERAS_NO_LAYER_NAMES(Kind.ERROR, "weight file %s: an HDF5 file with neither the layer_names attribute of Keras 1 and 2 (at the root or in model_weights) nor the layers group of Keras 3; Soma reads the .h5, .weights.h5 and .keras files Keras writes with save_weights or save"),
  KERAS_ARCHIVE(Kind.ERROR, "weight file %s: a zip archive of NumPy arrays that also holds '%s', an entry of a Keras .keras archive; name the .keras file as Keras wrote it, or an .npz of arrays only"),
  KERAS_LAYER_MISSING(Kind.ERROR, "weight file %s: layer_names lists '%s', but the file has no group of that name"),
  KERAS_WEIGHT_MISSING(Kind.ERROR, "weight file %s: Keras layer '%s' lists weight '%s', which the file lacks"),
  KERAS_UNSUPPORTED_LAYER(Kind.ERROR, "weight file %s: Keras layer '%s' holds weights %s; Soma imports Dense layers (a kernel [in, out] and a bias [out]), not convolutions, normalisation or custom layers"),
  KERAS_DTYPE(Kind.ERROR, "weight file %s: Keras layer '%s': weight '%s' holds %s values; expected float32 or float64"),
  KERAS_ARCHIVE_CORRUPT(Kind.ERROR, "weight file %s: cannot read the Keras .keras archive: %s"),
  KERAS_ARCHIVE_NO_WEIGHTS(Kind.ERROR, "weight file %s: a Keras .keras archive without model.weights.h5 (entries: %s); save the model with model.save(\"model.keras\")"),
  KERAS_WEIGHTS_GROUP_MISSING(Kind.ERROR, "weight file %s: the model config lists %s, but the weights have no group %s (Keras 3 keeps the variables of the n-th layer of a class under layers/<class>_n/vars, such as layers/dense_1/vars)"),
  KERAS_CONFIG_INVALID(Kind.ERROR, "weight file %s: the Keras model config (%s) is not valid JSON: %s"),
  KERAS_CONFIG_MODEL(Kind.ERROR, "weight file %s: the Keras model config (%s) describes a %s without a list of layers; Soma reads Sequential and Functional models of Dense layers"),
  KERAS_CONFIG_UNSUPPORTED_LAYER(Kind.ERROR, "weight file %s: Keras layer '%s' is a %s, which Soma cannot import; a Soma network is Dense layers with activations (InputLayer, Flatten and Dropout layers are skipped; Activation, ReLU, LeakyReLU and Softmax layers add to the Dense layer before them)"),
  KERAS_CONFIG_CUSTOM_LAYER(Kind.ERROR, "weight file %s: Keras layer '%s' is the custom layer %s (registered as '%s'), whose computation Soma cannot know; build the model from Dense layers, or export it to ONNX"),
  KERAS_CONFIG_ACTIVATION(Kind.ERROR, "weight file %s: Keras layer '%s' applies the activation %s, which Soma cannot import; Soma reads linear, relu, sigmoid, tanh, softmax, swish (silu), gelu and leaky_relu"),
  CONFIG_LAYER_MISMATCH(Kind.ERROR, "layer %d @Dense(out = %d) with %s takes Keras layer '%s' of %s, whose model config gives units = %d with %s; declare the layer as the model has it"),
  KERAS_CONFIG_BATCH_NORM_PLACEMENT(Kind.ERROR, "weight file %s: Keras BatchNormalization '%s' follows %s; Soma folds a BatchNormalization only right after a Dense layer's linear part: give the Dense no activation and put its Activation after the BatchNormalization"),
  KERAS_CONFIG_NORMALIZATION_AXIS(Kind.ERROR, "weight file %s: Keras layer '%s' is a %s over axis %s; Soma normalises over the features (axis -1)"),
  KERAS_CONFIG_LAYER_NORM(Kind.ERROR, "weight file %s: Keras LayerNormalization '%s' %s; Soma reads a LayerNormalization of the output of a Dense layer, with gamma and beta"),
  KERAS_NORMALIZATION_WEIGHTS(Kind.ERROR, "weight file %s: Keras %s '%s' holds weights %s; expected %s, one value per feature each"),
  CONFIG_LAYER_NORM_MISMATCH(Kind.ERROR, "layer %d (%s) takes Keras layer '%s' of %s, which the model config gives as %s; declare the layer as the model has it"),
  CONFIG_LAYER_NORM_UNDECLARED(Kind.ERROR, "the Keras model config of %s has the LayerNormalization '%s', which no declared layer takes; declare it as @LayerNorm(epsilon = %s, name = \"%s\") after the layer it follows, or declare no layers to take the config's"),
  TENSOR_UNNAMED_COUNT(Kind.ERROR, "weight file %s: layers without a name: %d, unclaimed weight matrices in the file: %d %s; name the layers (@Dense(name = ...)) or make the counts equal"),
  TENSOR_MISSING(Kind.ERROR, "weight file %s: %s needs tensor '%s' with shape %s, which the file lacks; it has %s"),
  TENSOR_BIAS_MISSING(Kind.WARNING, "weight file %s: %s needs tensor '%s' with shape %s, which the file lacks; using zero biases"),
  TENSOR_SHAPE(Kind.ERROR, "weight file %s: %s: tensor '%s' has shape %s; expected %s"),
  TENSOR_SHAPE_EMPTY(Kind.ERROR, "weight file %s: %s: tensor '%s' has shape %s; expected %s (an empty tensor; a dense layer needs at least one weight)"),
  TENSOR_SHAPE_TRANSPOSED(Kind.ERROR, "weight file %s: %s: tensor '%s' has shape %s; expected %s (the transpose: weights must be [out, in], PyTorch nn.Linear's layout)"),
  TENSOR_DTYPE(Kind.ERROR, "weight file %s: %s: tensor '%s' has dtype %s; expected F32, F64, F16 or BF16, or I8 or U8 weights with a .weight_scale"),
  TENSOR_QUANTIZED_NO_SCALE(Kind.ERROR, "weight file %s: %s: tensor '%s' holds %s quantized weights but the file has no '%s'; Soma reads quantized weights as <name>.weight (I8 or U8) with <name>.weight_scale (a scalar, [1], [out] or [out, 1]) and optionally <name>.weight_zero_point, the names compressed-tensors uses"),
  TENSOR_QUANTIZED_SCALE(Kind.ERROR, "weight file %s: %s: scale '%s' is %s %s; expected a floating-point scalar or [1] (per tensor), or [%d] or [%d, 1] (per output)"),
  TENSOR_QUANTIZED_SCALE_VALUE(Kind.ERROR, "weight file %s: %s: scale '%s' holds %s at index %d; scales must be finite"),
  TENSOR_QUANTIZED_ZERO_POINT(Kind.ERROR, "weight file %s: %s: zero point '%s' is %s %s; expected I8, U8 or I32 values, one per scale (%d)"),
  TENSOR_NON_FINITE(Kind.WARNING, "weight file %s: %s: tensor '%s' holds %s at index %d"),
  TENSOR_NON_FINITE_MORE(Kind.WARNING, "weight file %s: %s: tensor '%s' holds %s at index %d and %d more non-finite values"),
  TENSOR_UNUSED(Kind.WARNING, "weight file %s: tensor '%s' %s is not used by any layer"),
  WEIGHTS_FILE_AND_INLINE(Kind.ERROR, "layer %d has inline weights but @Network(weights = \"%s\") gives them too; keep one of them"),
  GRAPH_LAYER_COUNT(Kind.ERROR, "%s declares %d @Dense layers but %s has %d (%s); declare the same layers, or none to take the graph's"),
  GRAPH_LAYER_MISMATCH(Kind.ERROR, "layer %d @Dense(in = %d, out = %d) with %s does not match %s in %s, which has in = %d, out = %d with %s"),
  GRAPH_LAYER_NORM_MISMATCH(Kind.ERROR, "layer %d (%s) does not match %s in %s (%s); declare the layers the graph computes, in order, or none to take the graph's"),
  GRAPH_NON_FINITE(Kind.WARNING, "layer %d (%s): its %s, folded from the graph, hold %s at index %d (%d non-finite values in all): an attribute such as Gemm alpha or a constant of the graph made them so; every output will be poisoned"),
  SIMD_MODULE_MISSING(Kind.ERROR, "@Network(simd = true) on %s needs the Vector API, but module jdk.incubator.vector is not in this compilation; add --add-modules jdk.incubator.vector to javac (Maven: maven-compiler-plugin <compilerArgs>) and to java when running, or set simd = false"),
  OPTION_INVALID(Kind.ERROR, "processor option -A%s=%s is not valid; it takes %s (an internal option for measuring Soma: leave it out to get the defaults)"),
  TRAINABLE_WITH_BAKED_WEIGHTS(Kind.ERROR, "@Network(trainable = true) on %s asks for a trainer, but the weights are baked in at compile time (%s) and training cannot change them; remove trainable = true, or remove the baked weights and give them at run time (new Soma<Name>(weights, biases) or load(...))"),
  STORAGE_NEEDS_FLOAT(Kind.ERROR, "@Network(storage = %s) on %s keeps weights in fewer bits, which only float networks take, but its methods compute in double; declare them with float, or leave storage at F32"),
  STORAGE_WITH_LAYER_NORM(Kind.ERROR, "@Network(storage = %s) on %s is not supported together with @LayerNorm layers yet; BF16 and F16 are, or leave storage at F32 for this network"),
  STORAGE_ACCURACY(Kind.NOTE, "@Network(storage = %s) on %s: %s stores its weights within %s of the originals (largest absolute difference); its outputs W x + b on a fixed random probe differ by %s (relative, 2-norm)"),
  STORAGE_INT8_IMPORTED(Kind.NOTE, "@Network(storage = INT8) on %s: %s keeps the int8 values and scales of '%s' (%s) as the weight file has them, without quantizing again, so its weights differ from the file's dequantized weights by 0"),
  STORAGE_INT8_LAYOUT(Kind.ERROR, "@Network(storage = INT8) on %s: %s has weights '%s' quantized as %s, which INT8 storage (int8 values, zero point 0, one scale per output or one per tensor) cannot keep as they are; declare storage = Storage.F32 to compute with the dequantized weights, or quantize them symmetrically per output channel"),
  GENERATED_NAME_TAKEN(Kind.ERROR, "Soma generates %s for %s, but that name is taken by the %s; rename one of them"),
  INTERNAL_ERROR(Kind.ERROR, "Soma could not process %s because of an internal error (%s); please report it with this declaration");

  /** Mirrors {@link Diagnostic.Kind} for the three kinds Soma uses. */
  enum Kind {
    ERROR,
    WARNING,
    /** Information that needs no action, such as what Soma folded; never fails a build. */
    NOTE
  }

  /** How every message about one weight file starts; the file is the first argument. */
  private static final String WEIGHT_FILE = "weight file %s: ";

  private final Kind kind;
  private final String template;

  Message(Kind kind, String template) {
    this.kind = kind;
    this.template = template;
  }

  public Diagnostic.Kind kind() {
    return switch (kind) {
      case ERROR -> Diagnostic.Kind.ERROR;
      case WARNING -> Diagnostic.Kind.WARNING;
      case NOTE -> Diagnostic.Kind.NOTE;
    };
  }

  /** The text as the README documents it, each placeholder shown as "…". */
  public String documented() {
    return template.replaceAll("%[sd]", "…");
  }

  /** The text with its placeholders filled in. */
  public String format(Object... args) {
    return String.format(Locale.ROOT, template, args);
  }

  /** Whether the text is about one weight file: it starts "weight file …: " with the file first. */
  public boolean aboutWeightFile() {
    return template.startsWith(WEIGHT_FILE);
  }

  /**
   * For a message {@linkplain #aboutWeightFile about a weight file}, the text after "weight file
   * …: ", its placeholders filled with {@code args}, the arguments after the file.
   */
  public String formatWithoutFile(Object... args) {
    if (!aboutWeightFile()) {
      throw new IllegalStateException(name() + " is not about a weight file");
    }
    return String.format(Locale.ROOT, template.substring(WEIGHT_FILE.length()), args);
  }
}
