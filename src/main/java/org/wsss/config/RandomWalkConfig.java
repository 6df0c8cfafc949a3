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
                               int partitions) implements Serializable {
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
                r.intIn("threads", 0, 256), r.intIn("partitions", 0, 100_000));
    }
}
