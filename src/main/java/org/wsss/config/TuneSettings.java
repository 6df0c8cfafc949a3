package org.wsss.config;

import java.io.Serializable;
import java.util.List;

/**
 * The {@code tune} stage: how many trainval images it scores, which seed picks them, and the grid of inference
 * settings it scores them with. The walk grid is {@code backgroundPowers x betas x logts}; the CAM-only grid is
 * {@code camThresholds}; the dense CRF refines the {@code crfCandidates} best walks (beta and logt) at every
 * background power. The best point replaces the configured one only when it wins in at least {@code confidence} of
 * the bootstrap draws of the tuning images.
 */
public record TuneSettings(int images, long seed, List<Double> camThresholds, List<Double> backgroundPowers,
                           List<Double> betas, List<Integer> logts, int crfCandidates, double confidence,
                           int partitions)
        implements Serializable {
    public TuneSettings {
        camThresholds = List.copyOf(camThresholds);
        backgroundPowers = List.copyOf(backgroundPowers);
        betas = List.copyOf(betas);
        logts = List.copyOf(logts);
    }

    /** Whether the pipeline runs the stage. */
    public boolean enabled() {
        return images > 0;
    }

    /** Number of walk settings scored. */
    public int walkPoints() {
        return backgroundPowers.size() * betas.size() * logts.size();
    }

    static TuneSettings from(SettingsReader r) {
        List<Double> logts = r.doubleList("logt", 0, 16);
        for (double logt : logts) {
            if (logt != Math.rint(logt)) {
                throw new ConfigError("setting " + r.fullKey("logt") + " = " + logts
                        + " is out of range: expected whole numbers in [0, 16]");
            }
        }
        return new TuneSettings(r.intIn("images", 0, 10_000), r.longIn("seed", 0, Long.MAX_VALUE),
                distinct(r, "cam-background-threshold", r.doubleList("cam-background-threshold", 0, 1)),
                distinct(r, "background-power", r.doubleList("background-power", 1e-3, 1000)),
                distinct(r, "beta", r.doubleList("beta", 1e-3, 1000)),
                distinct(r, "logt", logts).stream().map(Double::intValue).sorted().toList(),
                r.intIn("crf-candidates", 0, 1000), r.doubleIn("confidence", 0, 1), r.intIn("partitions", 0, 100_000));
    }

    private static List<Double> distinct(SettingsReader r, String key, List<Double> values) {
        if (values.stream().distinct().count() != values.size()) {
            throw new ConfigError("setting " + r.fullKey(key) + " = " + values
                    + " is out of range: expected distinct values");
        }
        return values;
    }
}
