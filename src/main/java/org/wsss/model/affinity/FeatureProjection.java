package org.wsss.model.affinity;

import org.wsss.model.backbone.FeatureStage;

/**
 * AffinityNet's first new layers: one 1x1 convolution per backbone feature stage, narrowing it to a fixed width
 * before the stages are concatenated. The widths grow with depth (64, 128, 256) so that the deeper, more semantic
 * stages carry more of the 448 output channels.
 */
public enum FeatureProjection {
    STAGE3(FeatureStage.STAGE3, "project3", 64),
    STAGE4(FeatureStage.STAGE4, "project4", 128),
    STAGE5(FeatureStage.STAGE5, "project5", 256);

    private final FeatureStage stage;
    private final String childName;
    private final int channels;

    FeatureProjection(FeatureStage stage, String childName, int channels) {
        this.stage = stage;
        this.childName = childName;
        this.channels = channels;
    }

    /** The backbone output this projection reads. */
    public FeatureStage stage() {
        return stage;
    }

    /** Name of the convolution in the network; its parameter is {@code childName() + ".weight"}. */
    public String childName() {
        return childName;
    }

    /** Output channels of the projection. */
    public int channels() {
        return channels;
    }

    /** Channels of all projections concatenated. */
    public static int totalChannels() {
        int total = 0;
        for (FeatureProjection projection : values()) {
            total += projection.channels;
        }
        return total;
    }
}
