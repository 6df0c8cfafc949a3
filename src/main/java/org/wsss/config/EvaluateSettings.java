package org.wsss.config;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The evaluate stage: which images of the index are scored against their trimaps. */
public record EvaluateSettings(String split) implements Serializable {
    /** The choices of {@code wsss.evaluate.split}; the first two are the index's split labels. */
    public enum Split { TEST, TRAINVAL, ALL }

    public static final String ALL = SettingsReader.settingName(Split.ALL);

    public EvaluateSettings {
        List<String> allowed = Arrays.stream(Split.values()).map(SettingsReader::settingName).toList();
        if (!allowed.contains(split)) {
            throw new ConfigError("setting wsss.evaluate.split = " + split + " is out of range: expected one of "
                    + allowed);
        }
    }

    static EvaluateSettings from(SettingsReader r) {
        return new EvaluateSettings(SettingsReader.settingName(r.oneOf("split", Split.class)));
    }

    /** The one index split to score, or empty when both are. */
    public Optional<String> onlySplit() {
        return split.equals(ALL) ? Optional.empty() : Optional.of(split);
    }
}
