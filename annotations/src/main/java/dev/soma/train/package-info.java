/**
 * The training API: options for a generated trainer ({@link dev.soma.train.TrainingOptions}), the
 * loss it minimises ({@link dev.soma.train.Loss}), the optimizer that updates the weights ({@link
 * dev.soma.train.Optimizer}: {@link dev.soma.train.Sgd} or {@link dev.soma.train.Adam}) and what
 * each epoch measured ({@link dev.soma.train.EpochReport}).
 *
 * <p>A network declared with {@code @Network(trainable = true)} gets a generated {@code
 * Soma<Name>Trainer} that takes these options:
 *
 * <pre>{@code
 * TrainingOptions options =
 *     TrainingOptions.of(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam(1e-3)).epochs(10).seed(42);
 * }</pre>
 */
package dev.soma.train;
