package org.wsss.model.walk;

import ai.djl.Device;
import org.wsss.algo.walk.RandomWalk;
import org.wsss.algo.walk.RandomWalkSettings;
import org.wsss.algo.walk.SparseRandomWalk;

/** Builds the random walk a {@link RandomWalkSettings#method()} names. */
public final class RandomWalks {

    private RandomWalks() {
    }

    /** A single-threaded walk of the configured method. */
    public static RandomWalk create(RandomWalkSettings settings) {
        return create(settings, 1);
    }

    /**
     * A walk of the configured method; {@code threads} splits the sparse walk's steps, while the dense walk
     * uses the engine's own thread setting ({@code ai.djl.pytorch.num_threads}).
     */
    public static RandomWalk create(RandomWalkSettings settings, int threads) {
        return create(settings, threads, null);
    }

    /**
     * As {@link #create(RandomWalkSettings, int)}, with the dense walk's matrices on {@code device} ({@code null}:
     * the engine's default); the sparse walk always runs on the CPU.
     */
    public static RandomWalk create(RandomWalkSettings settings, int threads, Device device) {
        return switch (settings.method()) {
            case SPARSE -> new SparseRandomWalk(settings, threads);
            case DENSE -> new DenseRandomWalk(settings, device);
        };
    }
}
