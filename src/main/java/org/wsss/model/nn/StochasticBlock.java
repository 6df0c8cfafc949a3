package org.wsss.model.nn;

/**
 * A block whose training-mode forward pass draws random numbers.
 *
 * <p>Such blocks draw from their own seeded Java stream, reseeded by the training loop before every step, so that a
 * step is a function of (parameters, batch, seed) alone: a retried Spark task reproduces its result exactly and
 * concurrent tasks in one JVM do not disturb each other through the engine's global generator.
 */
public interface StochasticBlock {

    /** Restarts this block's random stream from {@code seed}. */
    void reseed(long seed);
}
