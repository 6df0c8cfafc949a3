package org.wsss.model.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Prepares the batches of a round on a thread pool, a fixed number ahead of the one being trained on, so the
 * device does not wait for decoding and augmentation. Sample choice and each sample's random stream are fixed by
 * (seed, step, slot) before any work is submitted, so the batches do not depend on thread timing.
 */
final class BatchPrefetcher<S> implements AutoCloseable {

    private static final long AUGMENTATION_STREAM = 2L;

    private final List<S> sources;
    private final SamplePreparer<S> preparer;
    private final int batchSize;
    private final long seed;
    private final int batchCount;
    private final Executor executor;
    private final int depth;
    private final SampleOrder order;
    private final Deque<CompletableFuture<PreparedBatch>> pending = new ArrayDeque<>();
    private int submitted;

    BatchPrefetcher(
            List<S> sources,
            SamplePreparer<S> preparer,
            int batchSize,
            long seed,
            int batchCount,
            Executor executor,
            int depth) {
        this.sources = sources;
        this.preparer = preparer;
        this.batchSize = batchSize;
        this.seed = seed;
        this.batchCount = batchCount;
        this.executor = executor;
        this.depth = depth;
        this.order = new SampleOrder(sources.size(), seed);
    }

    /** The next batch, waiting for it if it is not ready yet. */
    PreparedBatch next() {
        while (submitted < batchCount && pending.size() <= depth) {
            pending.add(submit(submitted++));
        }
        CompletableFuture<PreparedBatch> head = pending.poll();
        if (head == null) {
            throw new IllegalStateException("all " + batchCount + " batches were already taken");
        }
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            throw new IllegalStateException("preparing a training batch failed: " + cause, cause);
        }
    }

    private CompletableFuture<PreparedBatch> submit(int step) {
        List<CompletableFuture<TrainingSample>> samples = new ArrayList<>(batchSize);
        for (int slot = 0; slot < batchSize; slot++) {
            S source = sources.get(order.sampleAt((long) step * batchSize + slot));
            long sampleSeed = Seeds.derive(seed, AUGMENTATION_STREAM, step, slot);
            samples.add(CompletableFuture.supplyAsync(
                    () -> preparer.prepare(source, new SplittableRandom(sampleSeed)), executor));
        }
        return CompletableFuture.allOf(samples.toArray(CompletableFuture[]::new))
                .thenApplyAsync(done -> PreparedBatch.stack(samples.stream().map(CompletableFuture::join).toList()),
                        executor);
    }

    /** Abandons batches not taken yet. */
    @Override
    public void close() {
        pending.forEach(future -> future.cancel(true));
        pending.clear();
    }
}
