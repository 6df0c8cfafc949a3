package org.wsss.config;

import java.io.Serializable;

/** The affinity-label stage: the two background exponents and how finely the work is spread. */
public record AffinityLabelSettings(double lowAlpha, double highAlpha, int partitions) implements Serializable {
    public AffinityLabelSettings {
        if (!(lowAlpha < highAlpha)) {
            // Swapping the roles inverts which regions count as confident: a known trap of re-implementations.
            throw new ConfigError("setting wsss.affinity-labels.low-alpha = " + lowAlpha
                    + " must be below wsss.affinity-labels.high-alpha = " + highAlpha);
        }
    }

    static AffinityLabelSettings from(SettingsReader r) {
        return new AffinityLabelSettings(r.doubleAbove("low-alpha", 0, 1000), r.doubleAbove("high-alpha", 0, 1000),
                r.intIn("partitions", 0, 100_000));
    }
}
