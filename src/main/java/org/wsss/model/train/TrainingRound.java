package org.wsss.model.train;

/**
 * A window of the global schedule trained in one call: steps {@code firstStep .. firstStep + steps - 1}. A Spark
 * task trains one round on its partition; the seed fixes sample order, augmentation and dropout, so a retried task
 * reproduces its result.
 *
 * @param firstStep the global step the window starts at (sets the learning rate)
 * @param steps number of optimiser steps
 * @param seed seed of this round's randomness
 */
public record TrainingRound(long firstStep, int steps, long seed) {

    public TrainingRound {
        if (firstStep < 0) {
            throw new IllegalArgumentException("firstStep must not be negative, got " + firstStep);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
    }

    /** The step after this round. */
    public long endStep() {
        return firstStep + steps;
    }
}
