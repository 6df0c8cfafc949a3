package org.wsss.model.train;

import ai.djl.Model;
import ai.djl.training.loss.Loss;

/**
 * What the training loop needs from a network: a DJL model whose block is built and initialised, the loss that
 * compares the block's output with a batch's labels, and which parameters are the backbone's.
 */
public interface TrainableNetwork {

    /** The model holding the initialised block. */
    Model model();

    /** The loss of a batch: {@code evaluate(labels, blockOutput)} returns a scalar. */
    Loss loss();

    /**
     * Whether a parameter (by its {@link org.wsss.model.nn.NamedParameters} name) belongs to the backbone, which
     * trains at 1x / 2x the learning rate, rather than to a new layer (10x / 20x).
     */
    boolean isBackboneParameter(String parameterName);
}
