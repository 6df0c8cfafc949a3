package org.wsss.jobs.train;

import java.io.Serializable;
import org.wsss.model.train.TrainingSettings;

/**
 * How a training run is split into synchronous rounds.
 *
 * @param settings batch size, schedule (its max steps = rounds x steps per round), optimiser, seed
 * @param rounds rounds in the whole run
 * @param stepsPerRound local steps each task (or the single process) trains between averagings
 * @param mode where the data parallelism happens
 * @param tasks tasks per round in {@link Mode#EXECUTORS} mode
 * @param stopAfterRound end the run early after this round (0: never), leaving the schedule unchanged
 * @param evaluationSamples samples each task checks after its round (0: no per-round evaluation)
 */
public record TrainingPlan(TrainingSettings settings, int rounds, int stepsPerRound, Mode mode, int tasks,
                           int stopAfterRound, int evaluationSamples) implements Serializable {

    /** Where the data parallelism happens. */
    public enum Mode {
        /** One process splits each batch across all the devices it sees (DJL's multi-device training). */
        DEVICES,
        /** Spark tasks train locally on their partitions; the driver averages their parameters each round. */
        EXECUTORS
    }

    public TrainingPlan {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        if (stepsPerRound < 1) throw new IllegalArgumentException("steps per round must be at least 1");
        if (tasks < 1) throw new IllegalArgumentException("tasks must be at least 1, got " + tasks);
        if (settings.maxSteps() != (long) rounds * stepsPerRound) {
            throw new IllegalArgumentException("schedule of " + settings.maxSteps() + " steps does not match "
                    + rounds + " rounds of " + stepsPerRound + " steps");
        }
    }

    /** The rounds needed to see every sample about {@code epochs} times. */
    public static int roundsFor(int epochs, long samples, int batchSize, int stepsPerRound, int parallelTasks) {
        long samplesPerRound = (long) batchSize * stepsPerRound * parallelTasks;
        return (int) Math.max(1, (epochs * samples + samplesPerRound - 1) / samplesPerRound);
    }

    public long samplesPerRound() {
        return (long) settings.batchSize() * stepsPerRound * (mode == Mode.EXECUTORS ? tasks : 1);
    }
}
