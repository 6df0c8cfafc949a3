package org.wsss.jobs.train;

import java.io.Serializable;
import org.wsss.model.train.TrainingRound;
import org.wsss.model.train.TrainingSettings;

/**
 * How a training run is split into synchronous rounds. The schedule's length ({@code settings.maxSteps()}) is the
 * run's total number of steps; every round but the last trains {@code stepsPerRound} of them, the last the rest, so a
 * run can stop exactly where its epochs end (see {@link #stepsFor}).
 *
 * @param settings batch size, schedule (its max steps = the run's total steps), optimiser, seed
 * @param rounds rounds in the whole run
 * @param stepsPerRound local steps each task (or the single process) trains between averagings; the last round
 *     may train fewer
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
        if (roundsFor(settings.maxSteps(), stepsPerRound) != rounds) {
            throw new IllegalArgumentException("schedule of " + settings.maxSteps() + " steps does not fill "
                    + rounds + " rounds of at most " + stepsPerRound + " steps");
        }
    }

    /**
     * The steps that show every sample {@code epochs} times: {@code epochs x samples} samples in steps of
     * {@code batchSize} per parallel task, rounded up to a whole step.
     */
    public static long stepsFor(int epochs, long samples, int batchSize, int parallelTasks) {
        if (epochs < 1 || samples < 1 || batchSize < 1 || parallelTasks < 1) {
            throw new IllegalArgumentException("epochs, samples, batch size and tasks must be positive, got " + epochs
                    + ", " + samples + ", " + batchSize + ", " + parallelTasks);
        }
        long samplesPerStep = (long) batchSize * parallelTasks;
        return (Math.multiplyExact((long) epochs, samples) + samplesPerStep - 1) / samplesPerStep;
    }

    /** Rounds of at most {@code stepsPerRound} steps that hold {@code totalSteps}. */
    public static int roundsFor(long totalSteps, int stepsPerRound) {
        return Math.toIntExact((totalSteps + stepsPerRound - 1) / stepsPerRound);
    }

    /** Steps of the whole run. */
    public long totalSteps() {
        return settings.maxSteps();
    }

    /** The global step round {@code round} (from 1) starts at. */
    public long firstStep(int round) {
        requireRound(round);
        return (long) (round - 1) * stepsPerRound;
    }

    /** Steps round {@code round} trains: {@code stepsPerRound}, or what is left of the run in the last round. */
    public int stepsIn(int round) {
        return (int) Math.min(stepsPerRound, totalSteps() - firstStep(round));
    }

    /** The global step after round {@code round}. */
    public long endStep(int round) {
        return firstStep(round) + stepsIn(round);
    }

    /** The window of the schedule round {@code round} trains, with its seed. */
    public TrainingRound window(int round, long seed) {
        return new TrainingRound(firstStep(round), stepsIn(round), seed);
    }

    /** Samples trained on (by all tasks together) up to the end of round {@code round}. */
    public long samplesThrough(int round) {
        return endStep(round) * samplesPerStep();
    }

    /** Samples of a full round, by all tasks together. */
    public long samplesPerRound() {
        return stepsPerRound * samplesPerStep();
    }

    private long samplesPerStep() {
        return (long) settings.batchSize() * (mode == Mode.EXECUTORS ? tasks : 1);
    }

    private void requireRound(int round) {
        if (round < 1 || round > rounds) {
            throw new IllegalArgumentException("round " + round + " is not in 1.." + rounds);
        }
    }
}
