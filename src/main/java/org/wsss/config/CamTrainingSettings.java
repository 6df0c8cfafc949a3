package org.wsss.config;

import java.io.Serializable;

/**
 * Stage 1: the shared training settings plus the classifier's augmentation and dropout.
 *
 * @param learningRateClasses the class count {@code learning-rate} was set for, or 0 to use it as it is; see
 *     {@link #learningRateFor(int)}
 */
public record CamTrainingSettings(TrainingConfig training, int minLongSide, int maxLongSide, double dropout,
                                  int learningRateClasses)
        implements Serializable {
    public CamTrainingSettings {
        if (minLongSide > maxLongSide) {
            throw new ConfigError("setting wsss.train-cam.min-long-side = " + minLongSide
                    + " is larger than wsss.train-cam.max-long-side = " + maxLongSide);
        }
    }

    /**
     * The base learning rate for a classifier of {@code classes} classes. The multilabel soft-margin loss averages
     * over the classes, so an image's own class gets 1/classes of the gradient: with {@code learning-rate-classes}
     * set, the rate grows in proportion to the class count, and a preset fitted to a few classes still trains with
     * many (on 37 synthetic breeds, the 4-breed rate 0.01 hardly left the class frequencies' loss; README,
     * "Settings fitted to the data").
     */
    public double learningRateFor(int classes) {
        if (learningRateClasses == 0) return training.learningRate();
        return training.learningRate() * classes / learningRateClasses;
    }

    static CamTrainingSettings from(SettingsReader r, DeviceSettings devices) {
        return new CamTrainingSettings(TrainingConfig.from(r, devices, TrainingMemory.Network.CLASSIFIER),
                r.intIn("min-long-side", 16, 8192), r.intIn("max-long-side", 16, 8192), r.doubleIn("dropout", 0, 0.99),
                r.intIn("learning-rate-classes", 0, 100_000));
    }
}
