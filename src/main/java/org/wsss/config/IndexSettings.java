package org.wsss.config;

import java.io.Serializable;

/** The index stage: how finely the image checks are spread over tasks. */
public record IndexSettings(int partitions) implements Serializable {
    static IndexSettings from(SettingsReader r) {
        return new IndexSettings(r.intIn("partitions", 0, 100_000));
    }
}
