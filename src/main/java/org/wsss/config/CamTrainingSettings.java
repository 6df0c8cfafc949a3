package org.wsss.config;

import java.io.Serializable;

/** Stage 1: the shared training settings plus the classifier's augmentation and dropout. */
public record CamTrainingSettings(TrainingConfig training, int minLongSide, int maxLongSide, double dropout)
        implements Serializable {
    public CamTrainingSettings {
        if (minLongSide > maxLongSide) {
            throw new ConfigError("setting wsss.train-cam.min-long-side = " + minLongSide
                    + " is larger than wsss.train-cam.max-long-side = " + maxLongSide);
        }
    }

    static CamTrainingSettings from(SettingsReader r, DeviceSettings devices) {
        return new CamTrainingSettings(TrainingConfig.from(r, devices, TrainingMemory.Network.CLASSIFIER), r.intIn("min-long-side", 16, 8192),
                r.intIn("max-long-side", 16, 8192), r.doubleIn("dropout", 0, 0.99));
    }
}
