package org.wsss.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * A loss that is a weighted sum of terms, each a sum over the batch divided by a count that depends on the labels
 * alone: {@code L = sum_k w_k * S_k / (n_k + eps_k)}. A mean is one such term (its count is the number of elements);
 * AffinityNet's loss has three, each normalised by its own pair count.
 *
 * <p>Sums and counts both add up over the rows of a batch, so the loss of a whole batch can be assembled exactly
 * from its parts (devices, micro-batches): count every part's labels first, then give each part the loss
 * {@code sum_k w_k * S_k(part) / (n_k(batch) + eps_k)}. The parts' losses add up to the batch's loss, and their
 * gradients to its gradient. Averaging the parts' own losses instead would be right only when every part has the
 * same counts, which a per-kind pair count almost never has. {@link BatchParts} is where parts are combined.
 */
public abstract class SplittableLoss extends Loss {

    protected SplittableLoss(String name) {
        super(name);
    }

    /**
     * Each term's count {@code n_k} for these labels; adding the counts of disjoint parts of a batch gives the
     * batch's counts.
     */
    public abstract double[] termCounts(NDList labels);

    /**
     * The share of the loss contributed by a part of a batch: its terms' sums over the part, each divided by the
     * whole batch's count of that term.
     *
     * @param batchCounts {@link #termCounts} of the whole batch (the sum over all its parts)
     */
    public abstract NDArray partLoss(NDList labels, NDList predictions, double[] batchCounts);

    /** The loss of a whole batch: its own part, normalised by its own counts. */
    @Override
    public final NDArray evaluate(NDList labels, NDList predictions) {
        return partLoss(labels, predictions, termCounts(labels));
    }
}
