package org.wsss.model.cam;

import org.wsss.model.backbone.BackboneKind;

/**
 * What to build for stage 1.
 *
 * @param backbone the trunk architecture
 * @param numClasses classifier outputs (37 breeds for Oxford-IIIT Pet)
 * @param dropoutRate channel dropout before the classifier, in [0, 1)
 * @param seed seed of the initial weights
 */
public record CamModelSpec(BackboneKind backbone, int numClasses, float dropoutRate, long seed)
        implements java.io.Serializable {

    /** PSA's dropout before the classifier. */
    public static final float DEFAULT_DROPOUT = 0.5f;

    public CamModelSpec {
        if (backbone == null) {
            throw new IllegalArgumentException("a backbone kind is required");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (!(dropoutRate >= 0f && dropoutRate < 1f)) {
            throw new IllegalArgumentException("dropoutRate must be in [0, 1), got " + dropoutRate);
        }
    }

    /** A spec with PSA's dropout. */
    public static CamModelSpec of(BackboneKind backbone, int numClasses, long seed) {
        return new CamModelSpec(backbone, numClasses, DEFAULT_DROPOUT, seed);
    }
}
