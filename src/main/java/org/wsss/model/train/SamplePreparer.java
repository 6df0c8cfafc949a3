package org.wsss.model.train;

import java.util.SplittableRandom;

/**
 * Turns a source record (encoded image bytes, an in-memory sample, ...) into a training sample. Runs on the loader
 * threads, so it must not touch shared mutable state; all its randomness must come from {@code random}, which the
 * loop derives from the run's seed and the sample's position, making the batch independent of thread timing.
 *
 * @param <S> the source record type
 */
@FunctionalInterface
public interface SamplePreparer<S> {

    TrainingSample prepare(S source, SplittableRandom random);
}
