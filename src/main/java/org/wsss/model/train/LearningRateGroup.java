package org.wsss.model.train;

import ai.djl.nn.Parameter;

/**
 * The four learning-rate groups of PSA's training: multipliers of the scheduled rate, and whether weight decay
 * applies. Batch-norm scale (gamma) counts as a weight and shift (beta) as a bias: they play those roles in the
 * affine transform, and this keeps decay off every additive parameter. With ImageNet weights the backbone's batch
 * norms are frozen anyway, so the choice only matters when the small backbone is trained from scratch.
 */
public enum LearningRateGroup {
    BACKBONE_WEIGHT(1f, true),
    BACKBONE_BIAS(2f, false),
    NEW_WEIGHT(10f, true),
    NEW_BIAS(20f, false);

    private final float multiplier;
    private final boolean decayed;

    LearningRateGroup(float multiplier, boolean decayed) {
        this.multiplier = multiplier;
        this.decayed = decayed;
    }

    /** Factor applied to the scheduled learning rate. */
    public float multiplier() {
        return multiplier;
    }

    /** Whether weight decay applies to this group. */
    public boolean decayed() {
        return decayed;
    }

    /**
     * The group of a trainable parameter.
     *
     * @param inBackbone whether the parameter belongs to the (possibly pretrained) backbone
     * @param type the parameter's role
     * @throws IllegalArgumentException for running statistics, which no optimiser updates
     */
    public static LearningRateGroup of(boolean inBackbone, Parameter.Type type) {
        boolean additive = switch (type) {
            case WEIGHT, GAMMA, OTHER -> false;
            case BIAS, BETA -> true;
            case RUNNING_MEAN, RUNNING_VAR -> throw new IllegalArgumentException(
                    "running statistics are not trained by an optimiser");
        };
        if (inBackbone) {
            return additive ? BACKBONE_BIAS : BACKBONE_WEIGHT;
        }
        return additive ? NEW_BIAS : NEW_WEIGHT;
    }
}
