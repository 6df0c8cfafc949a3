package org.wsss.model.loss;

import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * How the parts of one batch (one per device, and within a device one per micro-batch) combine into the batch's
 * loss: every part is normalised by the whole batch's term counts (see {@link SplittableLoss}), so the parts'
 * losses, and the gradients back-propagated from each, add up to those of the whole batch. Both the split over
 * devices and the split into micro-batches go through here.
 */
public final class BatchParts {
    private BatchParts() {}

    /** The batch's term counts: the sum of every part's. */
    public static double[] batchCounts(SplittableLoss loss, List<NDList> partLabels) {
        double[] total = null;
        for (NDList labels : partLabels) {
            total = add(total, loss.termCounts(labels));
        }
        if (total == null) {
            throw new IllegalArgumentException("a batch needs at least one part");
        }
        return total;
    }

    /** Adds one part's counts to a running total ({@code null} for none yet); returns the total. */
    public static double[] add(double[] total, double[] partCounts) {
        if (total == null) {
            return partCounts.clone();
        }
        if (total.length != partCounts.length) {
            throw new IllegalArgumentException("parts count " + partCounts.length + " terms, expected " + total.length);
        }
        for (int term = 0; term < total.length; term++) {
            total[term] += partCounts[term];
        }
        return total;
    }

}
