package org.wsss.algo.walk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits an index range over a fixed number of threads and waits for all parts; with one thread the
 * work runs on the caller. Each part writes a disjoint slice, so the result does not depend on the
 * thread count.
 */
final class ParallelRanges implements AutoCloseable {

    /** Work on the index range {@code [from, to)}. */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    ParallelRanges(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "random-walk");
            thread.setDaemon(true);
            return thread;
        });
    }

    void forEach(int from, int to, RangeTask task) {
        int parts = Math.min(threads, Math.max(1, to - from));
        if (pool == null || parts == 1) {
            task.run(from, to);
            return;
        }
        List<Callable<Void>> calls = new ArrayList<>(parts);
        long length = to - from;
        for (int part = 0; part < parts; part++) {
            int partFrom = from + (int) (length * part / parts);
            int partTo = from + (int) (length * (part + 1) / parts);
            calls.add(() -> {
                task.run(partFrom, partTo);
                return null;
            });
        }
        try {
            for (Future<Void> done : pool.invokeAll(calls)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for parallel work", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
