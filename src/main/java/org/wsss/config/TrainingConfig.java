package org.wsss.config;

import java.io.Serializable;
import org.wsss.model.backbone.BackboneKind;

/** Settings shared by both training stages (keys under wsss.train-cam and wsss.train-affinity). */
public record TrainingConfig(BackboneKind backbone, String pretrained, int batchSize, double learningRate,
                             double momentum, double weightDecay, int epochs, TrainingMode mode, int tasks,
                             int stepsPerRound, int crop, long seed, int loaderThreads, int evaluationSamples,
                             int keepCheckpoints, int stopAfterRound) implements Serializable {

    /** Where the data parallelism happens. */
    public enum TrainingMode { EXECUTORS, DEVICES }

    static TrainingConfig from(SettingsReader r) {
        String backbone = r.string("backbone");
        BackboneKind kind;
        try {
            kind = BackboneKind.fromName(backbone);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("setting " + r.fullKey("backbone") + " = \"" + backbone
                    + "\" is out of range: expected one of [small, resnet50, resnet101]");
        }
        return new TrainingConfig(kind, r.string("pretrained"), r.intIn("batch-size", 1, 4096),
                r.doubleAbove("learning-rate", 0, 100), r.doubleIn("momentum", 0, 0.999),
                r.doubleIn("weight-decay", 0, 1), r.intIn("epochs", 1, 10_000), r.oneOf("mode", TrainingMode.class),
                r.intIn("tasks", 0, 100_000), r.intIn("steps-per-round", 1, 1_000_000), r.intIn("crop", 16, 4096),
                r.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE), r.intIn("loader-threads", 1, 256),
                r.intIn("evaluation-samples", 0, 100_000), r.intIn("keep-checkpoints", 1, 1000),
                r.intIn("stop-after-round", 0, Integer.MAX_VALUE));
    }
}
