package org.wsss.model.train;

import ai.djl.Model;
import org.wsss.model.loss.SplittableLoss;

/**
 * What the training loop needs from a network: a DJL model whose block is built and initialised, the loss that
 * compares the block's output with a batch's labels, and which parameters are the backbone's.
 */
public interface TrainableNetwork {

    /** The model holding the initialised block. */
    Model model();

    /**
     * The loss of a batch: {@code evaluate(labels, blockOutput)} returns a scalar. Splittable, so that a batch
     * trained in parts (devices, micro-batches) gets exactly the whole batch's gradient.
     */
    SplittableLoss loss();

    /**
     * Whether a parameter (by its {@link org.wsss.model.nn.NamedParameters} name) belongs to the backbone, which
     * trains at 1x / 2x the learning rate, rather than to a new layer (10x / 20x).
     */
    boolean isBackboneParameter(String parameterName);
}
