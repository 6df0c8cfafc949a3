package org.wsss.config;

import java.io.Serializable;
import java.util.List;

/**
 * The CAM stage: multi-scale inference, the CAM-only segmentation (and its CRF-refined form when {@code crf}), and
 * where present classes come from; {@code memoryBudget} bytes bound each task's CAM forwards.
 */
public record CamSettings(List<Double> scales, boolean flip, double backgroundThreshold, boolean crf,
                          PresentClasses labels, double predictionThreshold, int batchSize, int partitions,
                          long memoryBudget)
        implements Serializable {
    /** The key of {@link #memoryBudget}, named in the reason of an image too large for it. */
    public static final String MEMORY_BUDGET_KEY = "wsss.cams.memory-budget";
    private static final long MIN_MEMORY_BUDGET = 16L << 20;

    public CamSettings {
        scales = List.copyOf(scales);
    }

    static CamSettings from(SettingsReader r) {
        return new CamSettings(r.doubleList("scales", 0.05, 8), r.bool("flip"),
                r.doubleIn("background-threshold", 0, 1), r.bool("crf"), r.oneOf("labels", PresentClasses.class),
                r.doubleIn("prediction-threshold", 0, 1), r.intIn("batch-size", 1, 1024),
                r.intIn("partitions", 0, 100_000), r.bytesIn("memory-budget", MIN_MEMORY_BUDGET, Long.MAX_VALUE));
    }
}
