package org.wsss.model.train;

import ai.djl.training.tracker.Tracker;

/**
 * PSA's "poly" learning-rate schedule: {@code lr = base * (1 - step / maxSteps)^power}, zero from {@code maxSteps} on.
 *
 * @param baseLearningRate the rate at step 0
 * @param maxSteps the step at which the rate reaches zero
 * @param power the exponent (0.9 in PSA)
 */
public record PolySchedule(float baseLearningRate, long maxSteps, double power) implements Tracker {

    /** PSA's exponent. */
    public static final double PSA_POWER = 0.9;

    public PolySchedule {
        if (!(baseLearningRate > 0f) || Float.isInfinite(baseLearningRate)) {
            throw new IllegalArgumentException("base learning rate must be positive and finite, got " + baseLearningRate);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        }
        if (!(power > 0.0)) {
            throw new IllegalArgumentException("power must be positive, got " + power);
        }
    }

    /** The schedule with PSA's exponent. */
    public static PolySchedule psa(float baseLearningRate, long maxSteps) {
        return new PolySchedule(baseLearningRate, maxSteps, PSA_POWER);
    }

    /** The learning rate at a (global) step. */
    public float at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, got " + step);
        }
        if (step >= maxSteps) {
            return 0f;
        }
        return (float) (baseLearningRate * Math.pow(1.0 - (double) step / maxSteps, power));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return at(numUpdate);
    }
}
