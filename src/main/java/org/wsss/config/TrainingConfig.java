package org.wsss.config;

import java.io.Serializable;
import org.wsss.model.backbone.BackboneKind;

/**
 * Settings shared by both training stages (keys under wsss.train-cam and wsss.train-affinity).
 *
 * @param microBatch images a task runs forward and backward at once, as resolved at start-up: the
 *     {@code micro-batch} setting, or with 0 there the largest that fits {@code wsss.devices.memory-per-task}
 *     ({@link TrainingMemory}); at most the batch size
 */
public record TrainingConfig(BackboneKind backbone, String pretrained, int batchSize, double learningRate,
                             double momentum, double weightDecay, int epochs, TrainingMode mode, int tasks,
                             int stepsPerRound, int crop, long seed, int loaderThreads, int evaluationSamples,
                             int keepCheckpoints, int stopAfterRound, int microBatch) implements Serializable {

    /** These settings with another base learning rate. */
    public TrainingConfig withLearningRate(double rate) {
        return new TrainingConfig(backbone, pretrained, batchSize, rate, momentum, weightDecay, epochs, mode, tasks,
                stepsPerRound, crop, seed, loaderThreads, evaluationSamples, keepCheckpoints, stopAfterRound,
                microBatch);
    }

    /** Where the data parallelism happens. */
    public enum TrainingMode { EXECUTORS, DEVICES }

    /** Reads the settings of a stage training {@code network}, choosing or checking its micro-batch. */
    static TrainingConfig from(SettingsReader r, DeviceSettings devices, TrainingMemory.Network network) {
        String backbone = r.string("backbone");
        BackboneKind kind;
        try {
            kind = BackboneKind.fromName(backbone);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("setting " + r.fullKey("backbone") + " = \"" + backbone
                    + "\" is out of range: expected one of [small, resnet50, resnet101]");
        }
        int batchSize = r.intIn("batch-size", 1, 4096);
        int crop = r.intIn("crop", 16, 4096);
        int microBatch = microBatch(r, r.intIn("micro-batch", 0, 4096), kind, crop, batchSize, network,
                devices.memoryPerTask());
        return new TrainingConfig(kind, r.string("pretrained"), batchSize,
                r.doubleAbove("learning-rate", 0, 100), r.doubleIn("momentum", 0, 0.999),
                r.doubleIn("weight-decay", 0, 1), r.intIn("epochs", 1, 10_000), r.oneOf("mode", TrainingMode.class),
                r.intIn("tasks", 0, 100_000), r.intIn("steps-per-round", 1, 1_000_000), crop,
                r.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE), r.intIn("loader-threads", 1, 256),
                r.intIn("evaluation-samples", 0, 100_000), r.intIn("keep-checkpoints", 1, 1000),
                r.intIn("stop-after-round", 0, Integer.MAX_VALUE), microBatch);
    }

    /**
     * The micro-batch to train with: {@code asked} (capped at the batch size), or for 0 the largest that fits the
     * task's memory. A training step that would not fit fails here, naming the keys to change, rather than
     * getting the process killed by the kernel hours later.
     */
    private static int microBatch(SettingsReader r, int asked, BackboneKind kind, int crop, int batchSize,
                                  TrainingMemory.Network network, long budget) {
        int fits = TrainingMemory.largestMicroBatch(kind, crop, network, batchSize, budget);
        String what = SettingsReader.settingName(kind) + " at " + r.fullKey("crop") + " = " + crop;
        if (fits == 0) {
            throw new ConfigError("setting " + DeviceSettings.MEMORY_PER_TASK_KEY + " = " + Memory.text(budget)
                    + " cannot train even one image of " + what + ": that needs about "
                    + Memory.text(TrainingMemory.stepBytes(kind, crop, network, 1)) + "; raise "
                    + DeviceSettings.MEMORY_PER_TASK_KEY + " or lower " + r.fullKey("crop"));
        }
        if (asked == 0) {
            return fits;
        }
        int wanted = Math.min(asked, batchSize);
        if (wanted > fits) {
            throw new ConfigError("setting " + r.fullKey("micro-batch") + " = " + asked + " needs about "
                    + Memory.text(TrainingMemory.stepBytes(kind, crop, network, wanted)) + " for " + what
                    + ", over " + DeviceSettings.MEMORY_PER_TASK_KEY + " = " + Memory.text(budget) + " (room for "
                    + fits + "): lower " + r.fullKey("micro-batch") + " (0 picks the largest that fits) or raise "
                    + DeviceSettings.MEMORY_PER_TASK_KEY);
        }
        return wanted;
    }
}
