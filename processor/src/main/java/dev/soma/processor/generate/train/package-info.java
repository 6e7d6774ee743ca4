/**
 * Stage 3 for training: writes {@code Soma<Name>Trainer}, the backpropagation trainer generated for
 * a network declared with {@code @Network(trainable = true)}, as a separate source file beside the
 * model class. Nothing in {@code dev.soma.processor.generate} refers to this package except {@link
 * dev.soma.processor.generate.NetworkClassWriter#write}, which adds the trainer's file to what it
 * returns.
 */
package dev.soma.processor.generate.train;
