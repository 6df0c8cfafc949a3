package org.wsss.model.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.wsss.algo.affinity.PairOffsets;
import org.wsss.model.loss.SplittableLoss;

/**
 * The {@link AffinityLoss} of an {@link AffinityNet}'s own output: takes the features the network returns, turns
 * them into pair affinities ({@link PairAffinities}) and compares those with the label planes. This is the loss a
 * generic training loop, which compares a block's output with a batch's labels, needs for AffinityNet.
 */
public final class FeatureAffinityLoss extends SplittableLoss {

    private static final String DEFAULT_NAME = "AffinityLoss";

    private final PairOffsets offsets;
    private final AffinityLoss affinityLoss;

    /** The loss on the given pair set (the one the label planes were made with). */
    public FeatureAffinityLoss(PairOffsets offsets) {
        super(DEFAULT_NAME);
        this.offsets = offsets;
        this.affinityLoss = new AffinityLoss(DEFAULT_NAME);
    }

    public PairOffsets offsets() {
        return offsets;
    }

    /**
     * @param labels the three label planes in {@link AffinityLoss#LABEL_ORDER}, each {@code (N, offsets, sources)};
     *     or, as a training batch of {@link PairLabelArrays#stackedPlanes} holds them, one array
     *     {@code (N, 3, offsets, sources)}
     */
    @Override
    public double[] termCounts(NDList labels) {
        return affinityLoss.termCounts(planes(labels));
    }

    /**
     * @param labels as for {@link #termCounts}
     * @param predictions the network's output, {@code (N, C, h, w)} features
     */
    @Override
    public NDArray partLoss(NDList labels, NDList predictions, double[] batchCounts) {
        NDArray affinities = PairAffinities.of(predictions.singletonOrThrow(), offsets);
        return affinityLoss.partLoss(planes(labels), new NDList(affinities), batchCounts);
    }

    private static NDList planes(NDList labels) {
        return labels.size() == 1 ? PairLabelArrays.unstack(labels.singletonOrThrow()) : labels;
    }

    /** The unweighted terms, for monitoring; see {@link AffinityLoss#terms}. */
    public AffinityLoss.Terms terms(NDList labels, NDArray features) {
        return affinityLoss.terms(planes(labels), PairAffinities.of(features, offsets));
    }
}
