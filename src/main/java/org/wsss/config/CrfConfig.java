package org.wsss.config;

import java.io.Serializable;
import org.wsss.algo.crf.CrfSettings;

/** The dense CRF's parameters and how many threads one CRF may use (0: the task's cores, {@code TaskCores}). */
public record CrfConfig(CrfSettings crf, int threads) implements Serializable {
    static CrfConfig from(SettingsReader r) {
        return new CrfConfig(new CrfSettings(
                r.doubleAbove("gaussian-sxy", 0, 1e4),
                r.doubleIn("gaussian-compat", 0, 1e4),
                r.doubleAbove("bilateral-sxy", 0, 1e4),
                r.doubleAbove("bilateral-srgb", 0, 1e4),
                r.doubleIn("bilateral-compat", 0, 1e4),
                r.intIn("iterations", 0, 1000),
                r.doubleAbove("score-floor", 0, 0.5)), r.intIn("threads", 0, 256));
    }
}
