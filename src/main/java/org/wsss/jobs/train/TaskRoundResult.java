package org.wsss.jobs.train;

import java.io.Serializable;
import org.wsss.model.train.SnapshotAverager;

/**
 * What the tasks of one round hand back, merged pairwise in a tree aggregation: the sample-weighted parameter sum,
 * and sums for the round's loss and evaluation.
 */
final class TaskRoundResult implements Serializable {
    private static final long serialVersionUID = 1L;

    SnapshotAverager parameters = new SnapshotAverager();
    double lossSum;
    long steps;
    double evaluationSum;
    long evaluated;
    long samples;
    double busySeconds;
    /** Lowest partition folded in; empty results sort last. */
    int firstPartition = Integer.MAX_VALUE;

    /**
     * Folds two results into one, the lower partition's first. A float running mean is not symmetric in its
     * operands, and Spark merges task results in the order they finish: folding in partition order makes a
     * round of one or two tasks reproducible bit for bit, so a resumed run equals an uninterrupted one.
     */
    TaskRoundResult merge(TaskRoundResult other) {
        TaskRoundResult first = firstPartition <= other.firstPartition ? this : other;
        TaskRoundResult second = first == this ? other : this;
        first.parameters = first.parameters.merge(second.parameters);
        first.lossSum += second.lossSum;
        first.steps += second.steps;
        first.evaluationSum += second.evaluationSum;
        first.evaluated += second.evaluated;
        first.samples += second.samples;
        first.busySeconds = Math.max(first.busySeconds, second.busySeconds);
        return first;
    }
}
