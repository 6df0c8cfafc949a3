package org.wsss.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.TaskContext;

/**
 * Batched, lazy processing of a partition: rows are pulled from Spark's iterator one batch at a time, the batch
 * is processed, and its results are handed out one by one, so a partition never sits in memory whole. Resources
 * opened for the partition are closed when the task completes, successfully or not.
 */
public final class PartitionBatches {
    private PartitionBatches() {}

    public static <T, R> Iterator<R> map(Iterator<T> rows, int batchSize, Function<List<T>, List<R>> process) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        return new Iterator<>() {
            private Iterator<R> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && rows.hasNext()) {
                    List<T> batch = new ArrayList<>(batchSize);
                    while (batch.size() < batchSize && rows.hasNext()) batch.add(rows.next());
                    current = process.apply(batch).iterator();
                }
                return current.hasNext();
            }

            @Override
            public R next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }

    /** One result per row, computed as rows are pulled. */
    public static <T, R> Iterator<R> mapEach(Iterator<T> rows, Function<T, R> process) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public R next() {
                return process.apply(rows.next());
            }
        };
    }

    /** Any number of results per row (a list, possibly empty), computed as rows are pulled. */
    public static <T, R> Iterator<R> flatMapEach(Iterator<T> rows, Function<T, List<R>> process) {
        return map(rows, 1, batch -> process.apply(batch.get(0)));
    }

    /** Closes {@code resource} when the current task ends; outside a task (driver-side tests) returns it as is. */
    public static <C extends AutoCloseable> C closeOnTaskCompletion(C resource) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener(context -> {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close a per-partition resource", e);
                }
            });
        }
        return resource;
    }
}
