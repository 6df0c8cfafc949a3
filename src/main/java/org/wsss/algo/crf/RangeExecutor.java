package org.wsss.algo.crf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs a loop body over an index range, split across a fixed number of threads. Every caller in this package
 * writes disjoint outputs per index, so the split never changes a result.
 */
final class RangeExecutor implements AutoCloseable {

    /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** More chunks than threads, so a thread slowed by a neighbour on a shared machine does not hold up the rest. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** Below this many indices a split costs more than it saves. */
    private static final int MIN_CHUNK = 2048;

    private final int threads;
    private final ForkJoinPool pool;

    RangeExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    int threads() {
        return threads;
    }

    void forRange(int size, RangeBody body) {
        int chunks = pool == null ? 1 : Math.min(threads * CHUNKS_PER_THREAD, Math.max(1, size / MIN_CHUNK));
        if (chunks <= 1) {
            body.run(0, size);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) size * c / chunks);
            int to = (int) ((long) size * (c + 1) / chunks);
            tasks.add(pool.submit(() -> body.run(from, to)));
        }
        for (ForkJoinTask<?> task : tasks) {
            task.join();
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
