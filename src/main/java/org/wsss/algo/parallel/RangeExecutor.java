package org.wsss.algo.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The one thread pool of a task's pure computations (the dense CRF, the sparse random walk): a loop body over an
 * index range, split across a fixed number of threads; with one thread everything runs on the caller. Every caller
 * writes disjoint outputs per index, so the split never changes a result.
 */
public final class RangeExecutor implements AutoCloseable {

    /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** More chunks than threads, so a thread slowed by a neighbour on a shared machine does not hold up the rest. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** Below this many indices a split costs more than it saves. */
    private static final int MIN_CHUNK = 2048;

    private final int threads;
    private final ForkJoinPool pool;

    public RangeExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, size)} in chunks. */
    public void forRange(int size, RangeBody body) {
        forRange(0, size, body);
    }

    /** Runs {@code body} over {@code [from, to)} in chunks. */
    public void forRange(int from, int to, RangeBody body) {
        int size = Math.max(0, to - from);
        int chunks = pool == null ? 1 : Math.min(threads * CHUNKS_PER_THREAD, Math.max(1, size / MIN_CHUNK));
        forEachTask(chunks, c -> body.run(from + chunkStart(size, chunks, c), from + chunkStart(size, chunks, c + 1)));
    }

    /** Runs {@code task} for 0 .. tasks-1, in parallel where there are threads. */
    public void forEachTask(int tasks, IntConsumer task) {
        if (pool == null || tasks <= 1) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
            return;
        }
        List<ForkJoinTask<?>> submitted = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int index = t;
            submitted.add(pool.submit(() -> task.accept(index)));
        }
        for (ForkJoinTask<?> running : submitted) {
            running.join();
        }
    }

    /** Start of chunk {@code chunk} when {@code size} indices are cut into {@code chunks} near-equal parts. */
    public static int chunkStart(int size, int chunks, int chunk) {
        return (int) ((long) size * chunk / chunks);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
