package org.wsss.config;

import java.io.Serializable;

/**
 * Inference of the stage-3 network ({@code wsss segment} and the pipeline's segment stage).
 *
 * @param maxLongSide images with a longer side are segmented at this size and their masks scaled back (0: never)
 * @param partitions partitions of the images (0: the default parallelism)
 * @param oneClass every pet pixel of an image takes the class most of them have (one pet per image)
 * @param crf the dense CRF ({@code wsss.crf}) refines the network's masks: method {@code seg_crf} beside {@code seg}
 *     in the pipeline, the refined mask alone from {@code wsss segment --images}
 */
public record SegmentSettings(int maxLongSide, int partitions, boolean oneClass, boolean crf)
        implements Serializable {
    static SegmentSettings from(SettingsReader r) {
        return new SegmentSettings(r.intIn("max-long-side", 0, 1 << 16), r.intIn("partitions", 0, 100_000),
                r.bool("one-class"), r.bool("crf"));
    }
}
