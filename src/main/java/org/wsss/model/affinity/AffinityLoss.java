package org.wsss.model.affinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.wsss.algo.affinity.PairKind;
import org.wsss.model.loss.SplittableLoss;

/**
 * PSA's affinity loss: {@code L = bg/4 + fg/4 + neg/2}, where
 * {@code bg = sum over background-positive pairs of -log(a + eps) / (count + eps)}, {@code fg} the same over
 * foreground-positive pairs, and {@code neg = sum over negative pairs of -log(1 + eps - a) / (count + eps)}, with
 * {@code eps = 1e-5}.
 *
 * <p>Each term is averaged over its own pair count across the whole batch (not per image, not by batch size):
 * background pairs vastly outnumber the rest, and a per-kind mean keeps each kind's weight fixed whatever the mix.
 * A kind with no pairs contributes exactly 0 (an empty sum over {@code eps}), never NaN. The counts are those of
 * the whole batch even when it is trained in parts (devices, micro-batches): as a {@link SplittableLoss} a part
 * gets its own sums over the batch's counts, never its own per-kind means.
 *
 * <p>{@link #evaluate} takes the labels as three 0/1 planes in {@link #LABEL_ORDER} (see {@link PairLabelArrays})
 * and the predictions as one array of affinities ({@link PairAffinities}), all the same shape, typically
 * {@code (N, offsets, sources)}.
 */
public final class AffinityLoss extends SplittableLoss {

    /** Keeps the logarithms finite at affinities of exactly 0 or 1, and empty kinds at 0. */
    public static final float EPSILON = 1e-5f;
    /** The label planes, in the order {@link #evaluate} expects them. */
    public static final List<PairKind> LABEL_ORDER =
            List.of(PairKind.BACKGROUND_POSITIVE, PairKind.FOREGROUND_POSITIVE, PairKind.NEGATIVE);

    private static final float BACKGROUND_WEIGHT = 0.25f;
    private static final float FOREGROUND_WEIGHT = 0.25f;
    private static final float NEGATIVE_WEIGHT = 0.5f;
    private static final String DEFAULT_NAME = "AffinityLoss";

    public AffinityLoss() {
        this(DEFAULT_NAME);
    }

    /** A loss reported under {@code name}. */
    public AffinityLoss(String name) {
        super(name);
    }

    /**
     * The three per-kind means, unweighted, for monitoring; each a scalar.
     *
     * @param background mean {@code -log(a + eps)} over background-positive pairs
     * @param foreground mean {@code -log(a + eps)} over foreground-positive pairs
     * @param negative mean {@code -log(1 + eps - a)} over negative pairs
     */
    public record Terms(NDArray background, NDArray foreground, NDArray negative) {

        /** The weighted sum {@code bg/4 + fg/4 + neg/2}. */
        public NDArray total() {
            return background.mul(BACKGROUND_WEIGHT)
                    .add(foreground.mul(FOREGROUND_WEIGHT))
                    .add(negative.mul(NEGATIVE_WEIGHT));
        }
    }

    /** The pair counts of {@link #LABEL_ORDER}'s kinds: background-positive, foreground-positive, negative. */
    @Override
    public double[] termCounts(NDList labels) {
        requirePlanes(labels);
        double[] counts = new double[LABEL_ORDER.size()];
        for (int plane = 0; plane < counts.length; plane++) {
            counts[plane] = labels.get(plane).sum().getFloat();
        }
        return counts;
    }

    @Override
    public NDArray partLoss(NDList labels, NDList predictions, double[] batchCounts) {
        return partTerms(labels, predictions.singletonOrThrow(), batchCounts).total();
    }

    /** The three terms of the loss of {@code affinities} against label planes in {@link #LABEL_ORDER}. */
    public Terms terms(NDList labels, NDArray affinities) {
        return partTerms(labels, affinities, termCounts(labels));
    }

    /** Each kind's cost summed over this part's pairs and divided by that kind's count in the whole batch. */
    private Terms partTerms(NDList labels, NDArray affinities, double[] batchCounts) {
        requireShapes(labels, affinities);
        if (batchCounts.length != LABEL_ORDER.size()) {
            throw new IllegalArgumentException("expected " + LABEL_ORDER.size() + " pair counts, got "
                    + batchCounts.length);
        }
        NDArray positiveCost = affinities.add(EPSILON).log().neg();
        NDArray negativeCost = affinities.neg().add(1f + EPSILON).log().neg();
        return new Terms(
                sumOver(labels, PairKind.BACKGROUND_POSITIVE, positiveCost, batchCounts),
                sumOver(labels, PairKind.FOREGROUND_POSITIVE, positiveCost, batchCounts),
                sumOver(labels, PairKind.NEGATIVE, negativeCost, batchCounts));
    }

    private static void requirePlanes(NDList labels) {
        if (labels.size() != LABEL_ORDER.size()) {
            throw new IllegalArgumentException("expected " + LABEL_ORDER.size() + " label planes " + LABEL_ORDER
                    + ", got " + labels.size());
        }
    }

    private static void requireShapes(NDList labels, NDArray affinities) {
        requirePlanes(labels);
        for (int plane = 0; plane < labels.size(); plane++) {
            if (!labels.get(plane).getShape().equals(affinities.getShape())) {
                throw new IllegalArgumentException(LABEL_ORDER.get(plane) + " labels have shape "
                        + labels.get(plane).getShape() + " but the affinities " + affinities.getShape());
            }
        }
    }

    /** One kind's cost summed over the part's pairs of that kind, over the kind's count in the whole batch. */
    private static NDArray sumOver(NDList labels, PairKind kind, NDArray cost, double[] batchCounts) {
        int plane = LABEL_ORDER.indexOf(kind);
        return labels.get(plane).mul(cost).sum().div((float) batchCounts[plane] + EPSILON);
    }
}
