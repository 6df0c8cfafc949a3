package org.wsss.config;

import java.io.Serializable;
import org.wsss.algo.walk.RandomWalkMethod;
import org.wsss.algo.walk.RandomWalkSettings;

/**
 * The random-walk stage: the walk itself, its CAM input, refinement and partitioning. Which classes are present is
 * not a setting here: the stage walks the classes of each image's CAM row, which the CAM stage chose
 * ({@code wsss.cams.labels}), so one setting decides for both stages.
 */
public record RandomWalkConfig(RandomWalkSettings walk, double backgroundPower, boolean crf, int threads,
                               int partitions, SettingsSource settings, CrfWalk crfWalk) implements Serializable {
    /**
     * The walk whose scores the CRF refines into {@code rw_crf}, when tuning found it differs from {@link #walk}.
     * {@code null}: the CRF refines {@link #walk}'s scores.
     */
    public record CrfWalk(RandomWalkSettings walk, double backgroundPower) implements Serializable {}

    /** These settings with the CRF refining {@link #walk}'s scores. */
    public RandomWalkConfig withoutCrfWalk() {
        return new RandomWalkConfig(walk, backgroundPower, crf, threads, partitions, settings, null);
    }

    /** These settings with the tuned walks in place of the configured one: {@code rw}'s and {@code rw_crf}'s. */
    public RandomWalkConfig withTunedWalks(double power, double beta, int logt, double crfPower, double crfBeta,
                                           int crfLogt) {
        RandomWalkSettings tuned = new RandomWalkSettings(beta, logt, walk.radius(), walk.method());
        CrfWalk refined = power == crfPower && beta == crfBeta && logt == crfLogt ? null
                : new CrfWalk(new RandomWalkSettings(crfBeta, crfLogt, walk.radius(), walk.method()), crfPower);
        return new RandomWalkConfig(tuned, power, crf, threads, partitions, settings, refined);
    }

    static RandomWalkConfig from(SettingsReader r) {
        String method = r.string("method");
        RandomWalkMethod walkMethod;
        try {
            walkMethod = RandomWalkMethod.fromSettingName(method);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("setting " + r.fullKey("method") + " = \"" + method
                    + "\" is out of range: expected one of [sparse, dense]");
        }
        RandomWalkSettings walk = new RandomWalkSettings(r.doubleAbove("beta", 0, 1000),
                r.intIn("logt", 0, RandomWalkSettings.MAX_LOGT), r.intIn("radius", 2, 32), walkMethod);
        return new RandomWalkConfig(walk, r.doubleAbove("background-power", 0, 1000), r.bool("crf"),
                r.intIn("threads", 0, 256), r.intIn("partitions", 0, 100_000),
                r.oneOf("settings", SettingsSource.class), null);
    }
}
