package org.wsss.jobs.train;

import org.wsss.config.TrainingConfig;
import org.wsss.jobs.stage.StageContext;
import org.wsss.model.train.TrainingSettings;
import org.wsss.spark.TaskSlots;

/** Turns training settings into a plan of rounds for a dataset of a given size. */
public final class TrainingPlans {
    private static final int PREFETCH_BATCHES = 2;

    private TrainingPlans() {}

    public static TrainingPlan of(TrainingConfig config, long samples, StageContext context) {
        TrainingPlan.Mode mode = config.mode() == TrainingConfig.TrainingMode.DEVICES
                ? TrainingPlan.Mode.DEVICES : TrainingPlan.Mode.EXECUTORS;
        // By default one task per slot the cluster runs at once (a GPU each when tasks ask for GPUs): a round is
        // then one wave of tasks, not several queueing for the same devices.
        int tasks = config.tasks() > 0 ? config.tasks()
                : TaskSlots.of(context.spark().sparkContext(), context.settings().devices().gpuResource()).total();
        int parallel = mode == TrainingPlan.Mode.EXECUTORS ? tasks : 1;
        // The schedule ends where the epochs do: the last round is cut short rather than padded to a full one.
        long totalSteps = TrainingPlan.stepsFor(config.epochs(), samples, config.batchSize(), parallel);
        int rounds = TrainingPlan.roundsFor(totalSteps, config.stepsPerRound());
        TrainingSettings settings = new TrainingSettings(config.batchSize(), (float) config.learningRate(),
                (float) config.momentum(), (float) config.weightDecay(), totalSteps,
                config.seed(), config.loaderThreads(), PREFETCH_BATCHES, config.microBatch());
        return new TrainingPlan(settings, rounds, config.stepsPerRound(), mode, tasks, config.stopAfterRound(),
                config.evaluationSamples());
    }
}
